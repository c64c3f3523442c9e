from crispy_forms.helper import FormHelper
from django import forms
from django.core import validators

from accounts.scoping import visible
from dangjian.sorting import OptionalSortOrder
from organizations.models import Organization
from reports import options
from reports.models import Report, ReportSection

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Length caps for the narrative, in characters. A whole real report runs 3,000–3,800
# characters (shared/seeds), so each cap is about one whole report and no honest text
# meets it; without them one 100,000-character opening made a 179-page PDF that held a
# worker for 15 s. At the caps a report is at most ~8,000 characters plus 5,000 per
# section (16 pages at 616 characters a page, GB/T 9704's 22 × 28, plus 8 per section).
NARRATIVE_CAPS = {"opening": 3000, "problems": 3000, "next_steps": 3000, "narrative": 5000}


def cap_length(field: forms.Field, limit: int) -> None:
    """A max_length with a message that names the field and how far over the text is."""
    field.max_length = limit
    field.validators.append(
        validators.MaxLengthValidator(limit, message=f"{field.label}最多{limit}字（现有%(show_value)d字），请精简。")
    )
    field.widget.attrs["maxlength"] = str(limit)


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
            "development_paragraphs",
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
        for name in ("opening", "problems", "next_steps"):
            cap_length(self.fields[name], NARRATIVE_CAPS[name])
        self.fields[
            "title"
        ].help_text = "标题一行放不下时自动均衡回行；要自己决定在哪里回行，在回行处输入「|」，如：XX乡2020年基层党建工作|重点任务落实情况汇报。"
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReportSectionForm(OptionalSortOrder, forms.ModelForm):
    class Meta:
        model = ReportSection
        fields = ["heading", "narrative", "sort_order"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_length(self.fields["narrative"], NARRATIVE_CAPS["narrative"])


ReportSectionFormSet = forms.inlineformset_factory(
    Report, ReportSection, form=ReportSectionForm, extra=1, can_delete=True
)


class BasicOptionsForm(forms.Form):
    """What 一、基本情况 states and how (reports/options.py): chosen from lists, never typed."""

    rural_basis = forms.ChoiceField(label="农村/农民党员", choices=options.RURAL_BASIS)
    age_bands = forms.ChoiceField(label="年龄段", choices=options.AGE_BANDS)
    rural_branch_word = forms.ChoiceField(label="农村党支部的叫法", choices=options.RURAL_BRANCH_WORDS)
    grouping = forms.ChoiceField(
        label="党支部类别的合并", choices=[(key, label) for key, (label, _) in options.CATEGORY_GROUPINGS.items()]
    )
    junior_or_below = forms.BooleanField(label="初中及以下学历党员", required=False)
    floating = forms.BooleanField(label="流动党员", required=False)
    new_members = forms.BooleanField(label="本年新发展党员人数", required=False)
    founded_in_year = forms.BooleanField(
        label="本年新成立的党组织（「1个非公企业支部（今年6月份新成立）」）", required=False
    )
    joining_periods = forms.BooleanField(label="按入党时间（党内统计公报：十八大以来入党…）", required=False)
    village_secretaries = forms.BooleanField(label="行政村党组织书记年龄（50周岁以上、60周岁）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
