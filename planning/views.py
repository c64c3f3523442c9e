from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, visible
from dangjian.integrity import save_or_form_error
from organizations.models import Organization
from planning import services
from planning.figures import TaskSummary, task_summaries
from planning.forms import KeyTaskForm, LedgerFilterForm, TaskCloseForm, WorkAreaFormSet
from planning.models import KeyTask, TaskStatus, WorkArea


def _plan(request, township_id: int, year: int) -> Organization:
    """The township of a plan URL, inside the user's scope (404 otherwise)."""
    return get_visible_or_404(Organization.objects.townships(), request.user, pk=township_id)


def _task(request, pk: int) -> KeyTask:
    return get_visible_or_404(KeyTask.objects.select_related("area__township"), request.user, pk=pk)


def _areas(township, year):
    return WorkArea.objects.filter(township=township, year=year).order_by("sort_order", "id")


@scoped()
def plan_index(request):
    """Every township's plans by year, with completion counted as the report counts it."""
    today = timezone.localdate()
    townships = list(visible(Organization, request.user).townships().order_by("path"))
    # A year has a plan once it has areas, even before its first task.
    by_plan: dict[tuple[int, int], list[WorkArea]] = {}
    for area in WorkArea.objects.filter(township__in=townships).order_by("-year").prefetch_related("tasks"):
        by_plan.setdefault((area.township_id, area.year), []).append(area)
    plans = {t.pk: [] for t in townships}
    for (township_id, year), areas in by_plan.items():
        summary = TaskSummary.total_of(task_summaries(areas, today))
        plans[township_id].append({"year": year, "areas": len(areas), "summary": summary})
    context = {"rows": [(t, plans[t.pk]) for t in townships], "this_year": today.year}
    return render(request, "planning/index.html", context)


@scoped()
def plan_detail(request, township_id: int, year: int):
    township = _plan(request, township_id, year)
    today = timezone.localdate()
    areas = list(_areas(township, year).prefetch_related("tasks"))
    for area in areas:
        area.task_list = [(task, task.status_on(today)) for task in area.tasks.all()]
    context = {
        "township": township,
        "year": year,
        "areas": areas,
        "today": today,
        "previous_exists": not areas and WorkArea.objects.filter(township=township, year=year - 1).exists(),
    }
    return render(request, "planning/detail.html", context)


@require_POST
@scoped(write=True)
def plan_create_default(request, township_id: int, year: int):
    township = _plan(request, township_id, year)
    try:
        services.plan_create_default(township=township, year=year)
        messages.success(request, f"已用默认工作领域建立{year}年计划。")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("plan_detail", township_id=township.pk, year=year)


@require_POST
@scoped(write=True)
def plan_copy(request, township_id: int, year: int):
    township = _plan(request, township_id, year)
    try:
        copied = services.plan_copy(township=township, from_year=year - 1, to_year=year)
        messages.success(request, f"已把{year - 1}年计划复制到{year}年，共{copied}项任务，进度和落实情况已清空。")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("plan_detail", township_id=township.pk, year=year)


@scoped(write=True)
def plan_areas_edit(request, township_id: int, year: int):
    township = _plan(request, township_id, year)
    formset = WorkAreaFormSet(request.POST or None, township=township, year=year, prefix="areas")
    # Atomic: deletions, renames and new areas together or not at all.
    if request.method == "POST" and formset.is_valid() and save_or_form_error(formset.save, formset) is not None:
        messages.success(request, f"已保存{year}年的工作领域。")
        return redirect("plan_detail", township_id=township.pk, year=year)
    return render(request, "planning/areas.html", {"township": township, "year": year, "formset": formset})


@scoped(write=True)
def task_create(request, township_id: int, year: int):
    township = _plan(request, township_id, year)
    areas = _areas(township, year)
    initial = {}
    if (area_id := request.GET.get("area", "")).isascii() and area_id.isdigit():
        initial["area"] = get_object_or_404(areas, pk=area_id)
    form = KeyTaskForm(request.POST or None, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid() and (task := save_or_form_error(form.save, form)):
        messages.success(request, f"已添加重点任务「{task.title}」。")
        return redirect("plan_detail", township_id=township.pk, year=year)
    context = {"form": form, "township": township, "year": year, "title": f"添加{year}年重点任务"}
    return render(request, "planning/task_form.html", context)


@scoped(write=True)
def task_edit(request, pk: int):
    task = _task(request, pk)
    township, year = task.area.township, task.area.year
    form = KeyTaskForm(request.POST or None, instance=task, areas=_areas(township, year))
    if request.method == "POST" and form.is_valid() and save_or_form_error(form.save, form):
        messages.success(request, f"已保存重点任务「{task.title}」。")
        return redirect("plan_detail", township_id=township.pk, year=year)
    context = {"form": form, "township": township, "year": year, "title": f"编辑重点任务：{task.title}"}
    return render(request, "planning/task_form.html", context)


@scoped(write=True)
def task_close(request, pk: int):
    task = _task(request, pk)
    # Closing a closed task again corrects its date or note: start from what was recorded.
    initial = {"closed_on": task.closed_on or timezone.localdate(), "note": task.close_note}
    form = TaskCloseForm(request.POST or None, initial=initial, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_close(
                task=task,
                closed_on=form.cleaned_data["closed_on"],
                note=form.cleaned_data["note"],
                shortfall_note=form.cleaned_data.get("shortfall_note", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"「{task.title}」已销号。")
            return redirect("plan_ledger", township_id=task.area.township_id, year=task.area.year)
    return render(request, "planning/task_close.html", {"form": form, "task": task})


@scoped(write=True)
def task_delete(request, pk: int):
    """GET asks for confirmation; POST deletes (logged by auditlog like every change to a task)."""
    task = _task(request, pk)
    township, year = task.area.township, task.area.year
    if request.method == "POST":
        try:
            services.task_delete(task=task)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"已删除重点任务「{task.title}」。")
        return redirect("plan_detail", township_id=township.pk, year=year)
    return render(request, "planning/task_delete.html", {"task": task, "township": township, "year": year})


@require_POST
@scoped(write=True)
def task_reopen(request, pk: int):
    task = services.task_reopen(task=_task(request, pk))
    messages.success(request, f"已撤销「{task.title}」的销号。")
    return redirect("plan_ledger", township_id=task.area.township_id, year=task.area.year)


@scoped()
def plan_ledger(request, township_id: int, year: int):
    township = _plan(request, township_id, year)
    today = timezone.localdate()
    areas = _areas(township, year)
    form = LedgerFilterForm(request.GET or None, areas=areas)
    tasks = KeyTask.objects.filter(area__township=township, area__year=year).select_related("area")
    all_tasks = list(tasks)
    # An invalid filter (a foreign or nonsense area, an unknown status) is flagged on the form
    # and ignored; the valid ones still apply.
    form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    if data.get("area"):
        tasks = tasks.filter(area=data["area"])
    if data.get("status"):
        tasks = tasks.with_status_on(data["status"], today)
    if data.get("overdue"):
        tasks = tasks.overdue_on(today)
    if data.get("closed") == "yes":
        tasks = tasks.filter(closed_on__isnull=False)
    elif data.get("closed") == "no":
        tasks = tasks.filter(closed_on__isnull=True)
    rows = [(task, task.status_on(today)) for task in tasks.order_by("area__sort_order", "area_id", "sort_order", "id")]
    statuses = [task.status_on(today) for task in all_tasks]
    counts = [(status.label, statuses.count(status)) for status in TaskStatus]
    context = {
        "township": township,
        "year": year,
        "form": form,
        "rows": rows,
        "counts": counts,
        "total": len(all_tasks),
        "filtered": form.is_bound and any(data.values()),
        "closed": sum(1 for task in all_tasks if task.closed_on),
    }
    return render(request, "planning/ledger.html", context)
