"""Forms for the township's facts. Every choice list is limited to the user's scope."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError

from accounts.scoping import visible
from organizations.models import (
    Gender,
    Level,
    Member,
    Organization,
    TownshipProfile,
    Village,
    VillageGroup,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Township staff build below their township; counties and townships come from the administrator.
STAFF_LEVELS = [Level.VILLAGE_COMMITTEE, Level.GENERAL_BRANCH, Level.BRANCH, Level.PARTY_GROUP]


def _helper(submit_label: str = "保存") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "level", "category", "parent", "village", "secretary", "founded_on", "sort_order"]
        widgets = {"founded_on": DATE_WIDGET}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        in_scope = visible(Organization, user)
        self.fields["parent"].queryset = in_scope.exclude(level=Level.PARTY_GROUP)
        self.fields["parent"].required = True
        self.fields["village"].queryset = visible(Village, user).select_related("township")
        is_scope_root = bool(self.instance.pk) and not in_scope.filter(pk=self.instance.parent_id).exists()
        if is_scope_root:
            # The user's own township (or county): its place in the tree is the administrator's.
            for name in ("parent", "level"):
                self.fields[name].disabled = True
            self.fields["parent"].queryset = Organization.objects.filter(pk=self.instance.parent_id)
            self.fields["parent"].required = False
        elif not user.is_superuser:
            self.fields["level"].choices = [(level.value, level.label) for level in STAFF_LEVELS]


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "education",
            "occupation",
            "phone",
            "organization",
            "village_group",
            "joined_on",
            "full_on",
            "is_floating",
            "floating_to",
            "is_college_village_official",
        ]
        widgets = {"birth_date": DATE_WIDGET, "joined_on": DATE_WIDGET, "full_on": DATE_WIDGET}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = visible(Organization, user).filter(level=Level.BRANCH)
        self.fields["village_group"].queryset = visible(VillageGroup, user).select_related("village")
        self.fields["id_number"].help_text = "选填。18位，系统会核对校验位、出生日期和性别。"
        self.helper = _helper()
        self.helper.layout = Layout(
            Row(Column("name"), Column("gender"), Column("ethnicity")),
            Row(Column("birth_date"), Column("id_number"), Column("phone")),
            Row(Column("education"), Column("occupation")),
            Row(Column("organization"), Column("village_group")),
            Row(Column("joined_on"), Column("full_on")),
            Row(Column("is_floating"), Column("floating_to"), Column("is_college_village_official")),
        )


class MemberLeaveForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["left_on", "leave_reason", "leave_note"]
        widgets = {"left_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left_on"].required = True
        self.fields["leave_reason"].required = True
        self.helper = _helper("确认离开")
        self.helper.add_input(Submit("cancel", "取消", css_class="btn-secondary", formnovalidate=""))


YES_NO = [("", "不限"), ("yes", "是"), ("no", "否")]
STATUS_CHOICES = [("current", "在册党员"), ("left", "已离开"), ("all", "全部")]
SORT_CHOICES = [
    ("name", "姓名"),
    ("organization", "所在党支部"),
    ("joined_on", "入党日期（早→晚）"),
    ("-joined_on", "入党日期（晚→早）"),
    ("birth_date", "年龄（大→小）"),
    ("-birth_date", "年龄（小→大）"),
]
SORT_FIELDS = {
    "name": ["name", "id"],
    "organization": ["organization__path", "name", "id"],
    "joined_on": ["joined_on", "id"],
    "-joined_on": ["-joined_on", "-id"],
    "birth_date": ["birth_date", "id"],
    "-birth_date": ["-birth_date", "-id"],
}


class MemberFilterForm(forms.Form):
    q = forms.CharField(label="姓名", required=False)
    organization = forms.ModelChoiceField(
        label="党组织（含下级）", queryset=Organization.objects.none(), required=False
    )
    gender = forms.ChoiceField(label="性别", choices=[("", "不限"), *Gender.choices], required=False)
    probationary = forms.ChoiceField(label="预备党员", choices=YES_NO, required=False)
    floating = forms.ChoiceField(label="流动党员", choices=YES_NO, required=False)
    status = forms.ChoiceField(label="状态", choices=STATUS_CHOICES, required=False)
    sort = forms.ChoiceField(label="排序", choices=SORT_CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = visible(Organization, user).exclude(level=Level.PARTY_GROUP)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-sm-6 col-lg"),
                Column("organization", css_class="col-sm-6 col-lg"),
                Column("gender", css_class="col-sm-6 col-lg"),
                Column("probationary", css_class="col-sm-6 col-lg"),
                Column("floating", css_class="col-sm-6 col-lg"),
                Column("status", css_class="col-sm-6 col-lg"),
                Column("sort", css_class="col-sm-6 col-lg"),
            ),
        )
        self.helper.add_input(Submit("", "筛选"))


class VillageForm(forms.ModelForm):
    class Meta:
        model = Village
        fields = ["township", "name", "sort_order"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        townships = visible(Organization, user).townships()
        self.fields["township"].queryset = townships
        if len(townships) == 1:
            # A disabled field takes its value from the form's initial data, never from the request.
            self.initial["township"] = townships[0].pk
            self.fields["township"].disabled = True
        self.helper = FormHelper()
        self.helper.form_tag = False


class VillageGroupForm(forms.ModelForm):
    class Meta:
        model = VillageGroup
        fields = ["name", "sort_order"]


def refuse_duplicate_names(formset, what: str) -> None:
    """A Chinese message for names entered twice in one formset.

    Called before Django's own uniqueness check, whose message names the field in English.
    """
    names = [
        form.cleaned_data["name"].strip()
        for form in formset.forms
        if form.cleaned_data.get("name") and not formset._should_delete_form(form)
    ]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValidationError(f"{what}名称重复：{'、'.join(duplicates)}。")


class BaseVillageGroupFormSet(forms.BaseInlineFormSet):
    def clean(self):
        refuse_duplicate_names(self, "村民小组")
        super().clean()


VillageGroupFormSet = forms.inlineformset_factory(
    Village,
    VillageGroup,
    form=VillageGroupForm,
    formset=BaseVillageGroupFormSet,
    extra=3,
    can_delete=True,
)


class TownshipProfileForm(forms.ModelForm):
    class Meta:
        model = TownshipProfile
        fields = [
            "location",
            "area_km2",
            "natural_villages",
            "other_units",
            "households",
            "population",
            "minority_population",
            "ethnic_groups",
        ]
        widgets = {"location": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            "location",
            Row(Column("area_km2"), Column("natural_villages"), Column("other_units")),
            Row(Column("households"), Column("population"), Column("minority_population")),
            "ethnic_groups",
        )
