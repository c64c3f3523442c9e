from crispy_forms.helper import FormHelper
from django import forms

from accounts.scoping import visible
from organizations.models import Organization
from reports.models import Report, ReportSection

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportCreateForm(forms.Form):
    township = forms.ModelChoiceField(label="乡镇", queryset=Organization.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        townships = visible(Organization, user).townships()
        self.fields["township"].queryset = townships
        if len(townships) == 1:
            self.fields["township"].initial = townships[0]
            self.fields["township"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        township, year = data.get("township"), data.get("year")
        if township and year and Report.objects.filter(township=township, year=year).exists():
            raise forms.ValidationError(f"{data['township'].name}{data['year']}年的汇报已经建立，请在列表中打开编辑。")
        return data


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = [
            "title",
            "as_of",
            "issuer",
            "issued_on",
            "opening",
            "compare_with_last_year",
            "compare_with_submitted",
            "problems",
            "next_steps",
        ]
        widgets = {
            "as_of": DATE_WIDGET,
            "issued_on": DATE_WIDGET,
            "opening": forms.Textarea(attrs={"rows": 5}),
            "problems": forms.Textarea(attrs={"rows": 6}),
            "next_steps": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReportSectionForm(forms.ModelForm):
    class Meta:
        model = ReportSection
        fields = ["heading", "narrative", "sort_order"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 6})}


ReportSectionFormSet = forms.inlineformset_factory(
    Report, ReportSection, form=ReportSectionForm, extra=1, can_delete=True
)
