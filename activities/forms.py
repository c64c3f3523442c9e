"""Forms of organizational life. Choice lists are limited to the user's scope."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from accounts.scoping import visible
from organizations.models import Level, Member, Organization

from .models import AttendanceStatus, Grade, Meeting, MeetingKind, Training

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ABSENT = "absent"


def _helper(label: str = "保存") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["organization", "kind", "held_on", "topic", "place", "chair", "note"]
        widgets = {"held_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = visible(Organization, user).exclude(
            level__in=[Level.COUNTY, Level.TOWNSHIP]
        )
        self.helper = _helper("保存，下一步登记出席情况" if not self.instance.pk else "保存")
        self.helper.layout = Layout(
            Row(Column("organization"), Column("kind"), Column("held_on")),
            Row(Column("topic"), Column("place"), Column("chair")),
            "note",
        )


class AttendanceForm(forms.Form):
    """One row per member of the organization on the meeting's date: present, on leave (reason) or absent."""

    def __init__(self, *args, meeting: Meeting, members: list[Member], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        evaluation = meeting.kind == MeetingKind.EVALUATION
        choices = [(AttendanceStatus.PRESENT, "出席"), (AttendanceStatus.LEAVE, "请假"), (ABSENT, "缺席")]
        for member in members:
            row = current.get(member.pk)
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=member.name, choices=choices, initial=row.status if row else ABSENT, widget=forms.RadioSelect
            )
            self.fields[f"reason_{member.pk}"] = forms.CharField(
                label="请假原因", max_length=100, required=False, initial=row.reason if row else ""
            )
            if evaluation:
                self.fields[f"grade_{member.pk}"] = forms.ChoiceField(
                    label="评议等次",
                    choices=[("", "—"), *Grade.choices],
                    required=False,
                    initial=row.grade if row else "",
                )

    def clean(self):
        data = super().clean()
        for member in self.members:
            if (
                data.get(f"status_{member.pk}") == AttendanceStatus.LEAVE
                and not data.get(f"reason_{member.pk}", "").strip()
            ):
                self.add_error(f"reason_{member.pk}", f"{member.name}请假，请填写原因。")
        return data

    def rows(self):
        """(member, status field, reason field, grade field or None) for the template."""
        return [
            (
                m,
                self[f"status_{m.pk}"],
                self[f"reason_{m.pk}"],
                self[f"grade_{m.pk}"] if f"grade_{m.pk}" in self.fields else None,
            )
            for m in self.members
        ]


# The largest id a database integer column holds: a larger one in a list of ids overflows the query.
MAX_ID = 2**63 - 1


class ParticipantsField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        for pk in value or []:
            if str(pk).isascii() and str(pk).isdigit() and int(pk) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super().clean(value)


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = [
            "township",
            "title",
            "organizer",
            "start_on",
            "end_on",
            "sessions",
            "participants",
            "participant_count",
            "person_times",
        ]
        widgets = {
            "start_on": DATE_WIDGET,
            "end_on": DATE_WIDGET,
            "participants": forms.SelectMultiple(attrs={"size": 12}),
        }
        field_classes = {"participants": ParticipantsField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        townships = visible(Organization, user).townships()
        self.fields["township"].queryset = townships
        if len(townships) == 1:
            self.fields["township"].initial = townships[0]
        # Today's members, and whoever the training already lists (someone since transferred out was
        # trained then; dropping them on an unrelated edit would rewrite the year's figures).
        members = visible(Member, user)
        current = Q(pk__in=members.active_on(timezone.localdate()).values("pk"))
        if self.instance.pk:
            current |= Q(trainings=self.instance)
        self.fields["participants"].queryset = members.filter(current).distinct().select_related("organization")
        self.fields["participants"].label_from_instance = lambda m: f"{m.name}（{m.organization.name}）"
        self.fields["participants"].help_text = "按住 Ctrl 多选；不逐人登记时留空，填写参训人数。"
        self.helper = _helper()
        self.helper.layout = Layout(
            Row(Column("township"), Column("title"), Column("organizer")),
            Row(Column("start_on"), Column("end_on"), Column("sessions")),
            "participants",
            Row(Column("participant_count"), Column("person_times")),
        )

    def clean(self):
        data = super().clean()
        township, participants = data.get("township"), data.get("participants")
        if township and participants:
            outside = [m.name for m in participants if not m.organization.path.startswith(township.path)]
            if outside:
                self.add_error("participants", f"参训党员必须属于{township.name}：{'、'.join(outside[:5])}。")
        if not participants and not data.get("participant_count") and data.get("person_times") is None:
            self.add_error("participant_count", "请选择参训党员，或填写参训人数。")
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
