from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q

from assessments.models import CommitteePost, Grade, Pairing, Rectification
from organizations.models import Member, Organization, VillageYear

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STAR_CHOICES = [("", "—")] + [(str(n), f"{n}星") for n in range(1, 6)]


class AssessmentRowForm(forms.Form):
    """One organization's row on the year's 分类定级 page; an empty grade removes the assessment."""

    grade = forms.ChoiceField(label="分类定级", choices=[("", "未定级"), *Grade.choices], required=False)
    stars = forms.TypedChoiceField(label="星级", choices=STAR_CHOICES, required=False, coerce=int, empty_value=None)
    standardized = forms.BooleanField(label="规范化达标", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("grade") and (data.get("stars") or data.get("standardized")):
            raise forms.ValidationError("请先选择分类定级，再填写星级或规范化达标。")
        return data


class PairingForm(forms.ModelForm):
    class Meta:
        model = Pairing
        fields = ["advanced", "partner"]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("advanced", "partner"):
            self.fields[name].queryset = organizations

    def _get_validation_exclusions(self):
        # The year is set on the instance, not in the form: without it Django skips the constraint
        # naming it, and the database refuses a pair made twice (a 500 instead of a message).
        return super()._get_validation_exclusions() - {"year"}

    def clean(self):
        data = super().clean()
        if data.get("advanced") and data.get("advanced") == data.get("partner"):
            raise forms.ValidationError("结对的必须是两个不同的党组织。")
        return data


class RectificationForm(forms.ModelForm):
    class Meta:
        model = Rectification
        fields = ["reason", "plan", "responsible", "started_on", "deadline", "completed_on"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "plan": forms.Textarea(attrs={"rows": 4}),
            "started_on": DATE_WIDGET,
            "deadline": DATE_WIDGET,
            "completed_on": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "保存"))


class CommitteePostForm(forms.ModelForm):
    class Meta:
        model = CommitteePost
        fields = ["post", "member", "started_on", "ended_on"]
        widgets = {"started_on": DATE_WIDGET, "ended_on": DATE_WIDGET}

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: f"{m.name}（{m.organization.name}）"


class BaseCommitteeFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, members=None, **kwargs):
        self.members = members
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "members": self.members}


CommitteeFormSet = forms.inlineformset_factory(
    Organization,
    CommitteePost,
    form=CommitteePostForm,
    formset=BaseCommitteeFormSet,
    extra=2,
    can_delete=True,
)


def committee_members(org: Organization):
    """Who may hold a post: members of the organization or of a branch under it (current ones first),
    and whoever held one here before moving elsewhere, so their past posts stay as recorded."""
    return (
        Member.objects.filter(Q(organization__path__startswith=org.path) | Q(committee_posts__organization=org))
        .distinct()
        .select_related("organization")
        .order_by("left_on", "name")
    )


class VillageYearForm(forms.ModelForm):
    class Meta:
        model = VillageYear
        fields = ["collective_income", "income_source", "reserve_cadres", "secretary_is_director"]
        widgets = {
            "income_source": forms.TextInput(attrs={"placeholder": "如：茶叶合作社分红、资产租赁"}),
        }
        labels = {"secretary_is_director": "一肩挑（未录入班子时）"}
