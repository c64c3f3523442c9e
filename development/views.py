"""Development pages: the list, the township overview with its warnings, one person's timeline."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, visible
from dangjian.integrity import save_or_form_error

from .figures import development_figures_of, load_progress
from .forms import CancelForm, CandidateFilterForm, CandidateForm, ExtendForm, StepForm
from .models import Candidate, ProbationChange, StepRecord
from .progress import Progress
from .services import candidate_cancel, candidate_create, candidate_extend_probation, candidate_record_step
from .steps import STAGES, STEPS
from .timing import warnings_for


def _people(user) -> list[Progress]:
    """Everyone in the user's scope with their steps: three queries."""
    return load_progress(visible(Candidate, user), visible(StepRecord, user), visible(ProbationChange, user))


@scoped()
def candidate_list(request):
    today = timezone.localdate()
    form = CandidateFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    people = _people(request.user)
    if q := (data.get("q") or "").strip():
        people = [p for p in people if q in p.candidate.name]
    if status := data.get("status"):
        people = [p for p in people if p.status == status]
    if organization := data.get("organization"):
        people = [p for p in people if p.candidate.organization.path.startswith(organization.path)]
    rows = [(p, warnings_for(p, today)) for p in people]
    return render(request, "development/list.html", {"form": form, "rows": rows, "today": today})


@scoped()
def development_overview(request):
    today = timezone.localdate()
    people = _people(request.user)
    figures = development_figures_of(people, today, today.year)
    warned = [(p, w) for p in people if (w := warnings_for(p, today))]
    return render(request, "development/overview.html", {"figures": figures, "warned": warned, "today": today})


def _detail(request, candidate: Candidate, *, step_form=None, extend_form=None, cancel_form=None, status=200):
    today = timezone.localdate()
    progress = Progress.load(candidate)
    stages = [
        (stage, [(step, progress.record(step.number)) for step in STEPS if step.stage == stage]) for stage in STAGES
    ]
    context = {
        "candidate": candidate,
        "progress": progress,
        "stages": stages,
        "warnings": warnings_for(progress, today),
        "next": progress.next_step and STEPS[progress.next_step - 1],
        "step_form": step_form or StepForm(next_step=progress.next_step, initial={"done_on": today}),
        "extend_form": extend_form or ExtendForm(initial={"decided_on": today}),
        "cancel_form": cancel_form or CancelForm(initial={"decided_on": today}),
        "today": today,
    }
    return render(request, "development/detail.html", context, status=status)


def _candidate(request, pk: int) -> Candidate:
    return get_visible_or_404(Candidate.objects.select_related("organization", "member"), request.user, pk=pk)


@scoped()
def candidate_detail(request, pk: int):
    return _detail(request, _candidate(request, pk))


@scoped(write=True)
def candidate_create_view(request):
    form = CandidateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        candidate = save_or_form_error(
            lambda: candidate_create(
                candidate=form.save(commit=False),
                applied_on=form.cleaned_data["applied_on"],
                today=timezone.localdate(),
            ),
            form,
        )
        if candidate is not None:
            messages.success(request, f"已登记「{candidate.name}」递交入党申请书。")
            return redirect("candidate_detail", pk=candidate.pk)
    return render(request, "development/form.html", {"form": form, "title": "登记入党申请人"})


@scoped(write=True)
def candidate_edit(request, pk: int):
    candidate = _candidate(request, pk)
    form = CandidateForm(request.POST or None, instance=candidate, user=request.user)
    if request.method == "POST" and form.is_valid() and save_or_form_error(form.save, form):
        messages.success(request, f"已保存「{candidate.name}」的信息。")
        return redirect("candidate_detail", pk=candidate.pk)
    return render(
        request, "development/form.html", {"form": form, "title": f"编辑：{candidate.name}", "candidate": candidate}
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_POST
@scoped(write=True)
def candidate_step(request, pk: int):
    candidate = _candidate(request, pk)
    form = StepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = candidate_record_step(
                candidate=candidate,
                number=data["number"],
                done_on=data["done_on"],
                today=timezone.localdate(),
                note=data["note"],
                training_days=data.get("training_days"),
                training_hours=data.get("training_hours"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"已登记{candidate.name}第{record.number}步「{record.step.name}」（{record.done_on}）。"
            )
            return redirect("candidate_detail", pk=candidate.pk)
    return _detail(request, candidate, step_form=form, status=400)


@require_POST
@scoped(write=True)
def candidate_extend(request, pk: int):
    candidate = _candidate(request, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            candidate_extend_probation(candidate=candidate, today=timezone.localdate(), **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已登记{candidate.name}延长预备期{form.cleaned_data['months']}个月。")
            return redirect("candidate_detail", pk=candidate.pk)
    return _detail(request, candidate, extend_form=form, status=400)


@require_POST
@scoped(write=True)
def candidate_cancel_view(request, pk: int):
    candidate = _candidate(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            candidate_cancel(candidate=candidate, today=timezone.localdate(), **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已登记取消{candidate.name}的预备党员资格。")
            return redirect("candidate_detail", pk=candidate.pk)
    return _detail(request, candidate, cancel_form=form, status=400)
