"""Forms for the township's facts. Every choice list is limited to the user's scope."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from accounts.scoping import scope_root, visible
from dangjian.sorting import OptionalSortOrder
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


class OrganizationForm(OptionalSortOrder, forms.ModelForm):
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


class QuickSelect(forms.Select):
    """A <select> built by string formatting instead of a template per option: the
    member list's chooser can hold a township's hundred organizations, and Django's
    option templates made up a quarter of that page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class MemberFilterForm(forms.Form):
    """The member list's filters. Rendered by hand in the template, not by crispy
    (the page users open most; crispy took almost half of its time)."""

    q = forms.CharField(label="姓名", required=False)
    organization = forms.ModelChoiceField(
        label="党组织（含下级）", queryset=Organization.objects.none(), required=False, widget=QuickSelect
    )
    gender = forms.ChoiceField(
        label="性别", choices=[("", "不限"), *Gender.choices], required=False, widget=QuickSelect
    )
    probationary = forms.ChoiceField(label="预备党员", choices=YES_NO, required=False, widget=QuickSelect)
    floating = forms.ChoiceField(label="流动党员", choices=YES_NO, required=False, widget=QuickSelect)
    status = forms.ChoiceField(label="状态", choices=STATUS_CHOICES, required=False, widget=QuickSelect)
    sort = forms.ChoiceField(label="排序", choices=SORT_CHOICES, required=False, widget=QuickSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope_root(user)
        self._chooser = None
        organizations = self.fields["organization"]
        # Any organization in scope is accepted (one query for the chosen one) …
        organizations.queryset = visible(Organization, user).exclude(level=Level.PARTY_GROUP)
        # … but the chooser lists fewer when the scope is wide: built on rendering,
        # after validation, so it can open the chosen township.
        organizations.choices = self._organization_choices
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"

    def _organization_choices(self) -> list[tuple[str, str]]:
        """One query. A township's staff choose among all its organizations; a county
        (or everything, for administrators) lists its townships, not the thousands of
        branches under them, and opens the township of the organization chosen."""
        if self._chooser is not None:  # the widget reads its choices twice
            return self._chooser
        organizations = self.fields["organization"].queryset
        if self.scope is None or self.scope.level == Level.COUNTY:
            shown = Q(level__in=[Level.COUNTY, Level.TOWNSHIP])
            chosen = self.cleaned_data.get("organization") if hasattr(self, "cleaned_data") else None
            if chosen is not None and chosen.level != Level.COUNTY:
                # Townships sit right under a county: /county/township/…
                shown |= Q(path__startswith="/".join(chosen.path.split("/")[:3]) + "/")
            organizations = organizations.filter(shown)
        rows = organizations.order_by("path").values_list("pk", "name", "path")
        top = min((path.count("/") for _, _, path in rows), default=0)
        # Indented by depth (full-width spaces) so the tree reads in a plain <select>.
        self._chooser = [
            ("", "全部"),
            *((str(pk), "\u3000" * (path.count("/") - top) + name) for pk, name, path in rows),
        ]
        return self._chooser


class VillageForm(OptionalSortOrder, forms.ModelForm):
    # Without JavaScript the formset has a fixed number of blank rows; a village with twenty
    # groups is typed (or pasted from Excel) here in one go.
    bulk_groups = forms.CharField(
        label="批量添加：每行一个村民小组",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "例如：\n大寨组\n小寨组"}),
        help_text="可以从Excel整列粘贴；新添加的排在已有村民小组之后。",
    )

    class Meta:
        model = Village
        fields = ["township", "name", "sort_order"]

    def clean_bulk_groups(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["bulk_groups"].splitlines() if line.strip()]
        too_long = [name for name in names if len(name) > VillageGroup._meta.get_field("name").max_length]
        if too_long:
            raise ValidationError(f"村民小组名称最多100个字：{too_long[0][:20]}…")
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValidationError(f"村民小组名称重复：{'、'.join(duplicates)}。")
        return names

    def refuse_bulk_names_in(self, formset) -> bool:
        """The pasted names may not repeat a group kept or added in the rows above; False if they do."""
        taken = {
            f.cleaned_data["name"].strip()
            for f in formset.forms
            if f.cleaned_data.get("name") and not formset._should_delete_form(f)
        }
        repeated = [name for name in self.cleaned_data.get("bulk_groups", []) if name in taken]
        if repeated:
            self.add_error("bulk_groups", f"本村委会已有同名村民小组：{'、'.join(repeated)}。")
        return not repeated

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


class VillageGroupForm(OptionalSortOrder, forms.ModelForm):
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


def refuse_taking_a_kept_name(formset, what: str) -> None:
    """Swapping two names (or renaming along a chain) in one save would trip the unique
    constraint half-way through the updates, whatever their order: refuse it in Chinese.
    Taking the name of a row deleted in the same save is fine: the formsets delete first."""
    kept = [f for f in formset.initial_forms if f.instance.pk and not formset._should_delete_form(f)]
    held_by = {f.initial.get("name"): f for f in kept}
    for form in kept:
        name = form.cleaned_data.get("name")
        if name and name != form.initial.get("name") and held_by.get(name, form) is not form:
            raise ValidationError(
                f"「{name}」现在是另一个{what}的名称，不能在同一次保存中互换或接续改名；"
                "请先改成别的名称保存，再改回来。调整先后顺序请改“排序”。"
            )


def save_deletions_first(formset, save):
    """Deletions before updates and additions, so a row may take the name of one deleted in the same save."""
    instances = save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for obj in instances:
        obj.save()
    return instances


class BaseVillageGroupFormSet(forms.BaseInlineFormSet):
    def clean(self):
        refuse_duplicate_names(self, "村民小组")
        refuse_taking_a_kept_name(self, "村民小组")
        super().clean()

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        return save_deletions_first(self, super().save)


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
