"""Forms of the development pages. Choice lists are limited to the user's scope."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms

from accounts.scoping import visible
from organizations.models import Level, Organization

from .models import Candidate
from .steps import LAST_STEP, TRAINED

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CandidateForm(forms.ModelForm):
    applied_on = forms.DateField(
        label="递交入党申请书日期", widget=DATE_WIDGET, help_text="第1步，建立档案时一并登记。"
    )

    class Meta:
        model = Candidate
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "education",
            "occupation",
            "organization",
            "note",
        ]
        widgets = {"birth_date": DATE_WIDGET}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = visible(Organization, user).filter(level=Level.BRANCH)
        self.fields["id_number"].help_text = "选填。18位，系统会核对校验位、出生日期和性别；页面上只显示脱敏号码。"
        rows = [
            Row(Column("name"), Column("gender"), Column("ethnicity")),
            Row(Column("birth_date"), Column("id_number")),
            Row(Column("education"), Column("occupation")),
            Row(Column("organization"), Column("note")),
        ]
        if self.instance.pk:
            del self.fields["applied_on"]
        else:
            rows.append(Row(Column("applied_on"), Column()))
        self.helper = FormHelper()
        self.helper.layout = Layout(*rows)
        self.helper.add_input(Submit("submit", "保存"))


class StepForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=LAST_STEP)
    done_on = forms.DateField(label="日期", widget=DATE_WIDGET)
    note = forms.CharField(label="说明", max_length=200, required=False)
    training_days = forms.IntegerField(label="培训天数", min_value=0, max_value=365, required=False)
    training_hours = forms.IntegerField(label="培训学时", min_value=0, max_value=2000, required=False)

    def __init__(self, *args, next_step: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if next_step is not None:
            self.fields["number"].initial = next_step
        if next_step != TRAINED and not self.is_bound:
            del self.fields["training_days"]
            del self.fields["training_hours"]


class ExtendForm(forms.Form):
    decided_on = forms.DateField(label="支部大会决定日期", widget=DATE_WIDGET)
    months = forms.IntegerField(label="延长月数", min_value=1, max_value=12, help_text="最短1个月，最长1年。")
    reason = forms.CharField(label="原因", max_length=200)


class CancelForm(forms.Form):
    decided_on = forms.DateField(label="支部大会决定日期", widget=DATE_WIDGET)
    reason = forms.CharField(label="原因", max_length=200)


class CandidateFilterForm(forms.Form):
    q = forms.CharField(label="姓名", required=False)
    status = forms.ChoiceField(label="阶段", required=False)
    organization = forms.ModelChoiceField(label="党组织", queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        from .models import Status

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "全部"), *Status.choices]
        self.fields["organization"].queryset = visible(Organization, user).exclude(level=Level.PARTY_GROUP)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-sm-4"),
                Column("status", css_class="col-sm-4"),
                Column("organization", css_class="col-sm-4"),
            )
        )
        self.helper.add_input(Submit("", "筛选"))
