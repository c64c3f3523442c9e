from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.sorting import OptionalSortOrder
from organizations.forms import refuse_duplicate_names, refuse_taking_a_kept_name, save_deletions_first
from planning.models import KeyTask, TaskStatus, WorkArea

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class KeyTaskForm(OptionalSortOrder, forms.ModelForm):
    class Meta:
        model = KeyTask
        fields = [
            "area",
            "title",
            "target_value",
            "unit",
            "achieved_value",
            "deadline",
            "responsible",
            "status",
            "shortfall_note",
            "narrative",
            "sort_order",
        ]
        widgets = {"deadline": DATE_WIDGET, "narrative": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["area"].empty_label = None
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "保存"))
        self.helper.layout = Layout(
            Row(Column("area", css_class="col-md-4"), Column("title", css_class="col-md-8")),
            Row(Column("target_value"), Column("unit"), Column("achieved_value"), Column("status")),
            "shortfall_note",
            Row(Column("deadline"), Column("responsible"), Column("sort_order")),
            "narrative",
        )

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.closed_on and status != TaskStatus.DONE:
            raise ValidationError("这项任务已销号，不能改为未完成；如需继续推进，请先在台账中撤销销号。")
        return status


class TaskCloseForm(forms.Form):
    closed_on = forms.DateField(label="销号日期", widget=DATE_WIDGET)
    note = forms.CharField(label="销号说明", max_length=200, help_text="例如：经乡党委验收，已完成。")

    def __init__(self, *args, task: KeyTask, **kwargs):
        super().__init__(*args, **kwargs)
        if task.status == TaskStatus.DONE and task.is_short_of_target:
            # Closing short of the target is a decision someone must explain.
            self.fields["shortfall_note"] = forms.CharField(
                label="未达目标说明",
                max_length=200,
                initial=task.shortfall_note,
                help_text=f"{task.shortfall_text()}，请说明为什么仍然销号。",
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "确认销号"))


class WorkAreaForm(OptionalSortOrder, forms.ModelForm):
    class Meta:
        model = WorkArea
        fields = ["name", "sort_order"]


class BaseWorkAreaFormSet(forms.BaseModelFormSet):
    """The areas of one township's plan for one year, edited together."""

    def __init__(self, *args, township, year, **kwargs):
        self.township, self.year = township, year
        kwargs.setdefault(
            "queryset", WorkArea.objects.filter(township=township, year=year).order_by("sort_order", "id")
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        refuse_duplicate_names(self, "工作领域")
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.tasks.exists():
                raise ValidationError(f"「{form.instance.name}」下还有重点任务，不能删除；请先把任务移到其他领域。")
        refuse_taking_a_kept_name(self, "工作领域")
        super().clean()

    def _construct_form(self, i, **kwargs):
        # Known before saving, so the uniqueness checks can see a name taken meanwhile.
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is None:
            form.instance.township, form.instance.year = self.township, self.year
        return form

    @transaction.atomic
    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        return save_deletions_first(self, super().save)

    def save_new(self, form, commit=True):
        form.instance.township = self.township
        form.instance.year = self.year
        return super().save_new(form, commit)


WorkAreaFormSet = forms.modelformset_factory(
    WorkArea, form=WorkAreaForm, formset=BaseWorkAreaFormSet, extra=2, can_delete=True
)


LEDGER_STATUS = [("", "不限")] + [(s.value, s.label) for s in TaskStatus]


class LedgerFilterForm(forms.Form):
    area = forms.ModelChoiceField(label="工作领域", queryset=WorkArea.objects.none(), required=False)
    status = forms.ChoiceField(label="进度", choices=LEDGER_STATUS, required=False)
    overdue = forms.BooleanField(label="只看逾期未完成", required=False)
    closed = forms.ChoiceField(
        label="销号", choices=[("", "不限"), ("yes", "已销号"), ("no", "未销号")], required=False
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("area", css_class="col-sm-6 col-lg"),
                Column("status", css_class="col-sm-6 col-lg"),
                Column("closed", css_class="col-sm-6 col-lg"),
                Column("overdue", css_class="col-sm-6 col-lg pt-lg-4"),
            )
        )
        self.helper.add_input(Submit("", "筛选"))
