import datetime

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, require_write, visible
from assessments import services
from assessments.figures import assessment_figures, grassroots
from assessments.forms import (
    AssessmentRowForm,
    CommitteeFormSet,
    PairingForm,
    RectificationForm,
    VillageYearForm,
    committee_members,
)
from assessments.models import Assessment, Pairing, Rectification, term_due_on, term_years
from dangjian.dates import year_day
from organizations.figures import village_figures
from organizations.models import Organization, Village, VillageYear


def _township(request, township_id: int) -> Organization:
    return get_visible_or_404(Organization.objects.townships(), request.user, pk=township_id)


def _organization(request, pk: int) -> Organization:
    return get_visible_or_404(Organization.objects.select_related("parent"), request.user, pk=pk)


def _day_of(year: int) -> datetime.date:
    return year_day(year, timezone.localdate())


def _write_on_post(request) -> None:
    # Readers (county reviewers) see these pages; only saving needs the right to write.
    if request.method == "POST":
        require_write(request.user)


@scoped()
def assessment_index(request):
    """Townships in scope with their pages for the year chosen (default: this year)."""
    this_year = timezone.localdate().year
    townships = list(visible(Organization, request.user).townships().order_by("path"))
    years = list(range(this_year, this_year - 4, -1))
    return render(request, "assessments/index.html", {"townships": townships, "years": years})


def _pairable(orgs: list[Organization]):
    """What a pair may join: the year's 基层党组织, as the page lists them (the form checks against them)."""
    return Organization.objects.filter(pk__in=[o.pk for o in orgs])


@scoped()
def assessment_year(request, township_id: int, year: int):
    """Every 基层党组织's 分类定级 for the year on one page, with rectifications and pairs."""
    _write_on_post(request)
    township = _township(request, township_id)
    day = _day_of(year)
    subtree = list(Organization.objects.subtree(township))
    orgs = grassroots(subtree, township, day)
    existing = {a.organization_id: a for a in Assessment.objects.filter(organization__in=orgs, year=year)}

    def initial(org):
        a = existing.get(org.pk)
        return {"grade": a.grade, "stars": a.stars, "standardized": a.standardized} if a else {}

    data = request.POST if request.method == "POST" else None
    rows = [(org, AssessmentRowForm(data, prefix=f"o{org.pk}", initial=initial(org))) for org in orgs]
    if request.method == "POST":
        if all(form.is_valid() for _, form in rows):
            kept = services.assessments_save(year=year, rows=[(org, form.cleaned_data) for org, form in rows])
            messages.success(request, f"已保存{year}年分类定级，共{kept}个党组织。")
            return redirect("assessment_year", township_id=township.pk, year=year)
        messages.error(request, "有的行填写不正确，请查看标红的行。")
    rectifications = list(
        Rectification.objects.under(township).select_related("organization").order_by("-started_on", "id")
    )
    for r in rectifications:
        r.status = r.status_on(day)
    pairs = list(Pairing.objects.filter(township=township, year=year).select_related("advanced", "partner"))
    grades = [existing[org.pk].grade for org in orgs if org.pk in existing]
    context = {
        "township": township,
        "year": year,
        "day": day,
        "rows": rows,
        "rectifications": rectifications,
        "pairs": pairs,
        "pair_form": PairingForm(organizations=_pairable(orgs)),
        "counts": {g: grades.count(g) for g in ("advanced", "middle", "backward")},
        "status_code": 400 if request.method == "POST" else 200,
    }
    return render(request, "assessments/year.html", context, status=context["status_code"])


@require_POST
@scoped(write=True)
def pairing_create(request, township_id: int, year: int):
    township = _township(request, township_id)
    orgs = grassroots(list(Organization.objects.subtree(township)), township, _day_of(year))
    form = PairingForm(request.POST, organizations=_pairable(orgs), instance=Pairing(township=township, year=year))
    if form.is_valid():
        pair = form.save()
        messages.success(request, f"已添加结对：{pair.advanced.name} — {pair.partner.name}。")
    else:
        errors = [m for field_errors in form.errors.values() for m in field_errors]
        messages.error(request, "没有添加结对：" + "".join(errors))
    return redirect("assessment_year", township_id=township.pk, year=year)


@require_POST
@scoped(write=True)
def pairing_delete(request, pk: int):
    pair = get_visible_or_404(Pairing.objects.select_related("advanced", "partner"), request.user, pk=pk)
    pair.delete()
    messages.success(request, f"已删除结对：{pair.advanced.name} — {pair.partner.name}。")
    return redirect("assessment_year", township_id=pair.township_id, year=pair.year)


@scoped(write=True)
def rectification_create(request, pk: int):
    org = _organization(request, pk)
    form = RectificationForm(
        request.POST or None,
        instance=Rectification(organization=org),
        initial={"started_on": timezone.localdate(), "responsible": org.secretary},
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"已将「{org.name}」列为软弱涣散党组织，开始整顿。")
        return redirect("organization_detail", pk=org.pk)
    title = f"列为软弱涣散党组织：{org.name}"
    return render(request, "assessments/rectification_form.html", {"form": form, "organization": org, "title": title})


@scoped(write=True)
def rectification_edit(request, pk: int):
    rectification = get_visible_or_404(Rectification.objects.select_related("organization"), request.user, pk=pk)
    org = rectification.organization
    form = RectificationForm(request.POST or None, instance=rectification)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"已保存「{org.name}」的整顿情况。")
        return redirect("organization_detail", pk=org.pk)
    title = f"软弱涣散整顿：{org.name}"
    return render(request, "assessments/rectification_form.html", {"form": form, "organization": org, "title": title})


@scoped()
def committee_edit(request, pk: int):
    """The organization's committee posts (班子), past and present, and its current term."""
    _write_on_post(request)
    org = _organization(request, pk)
    formset = CommitteeFormSet(request.POST or None, instance=org, prefix="posts", members=committee_members(org))
    if request.method == "POST":
        if formset.is_valid():
            with transaction.atomic():
                formset.save()
            messages.success(request, f"已保存「{org.name}」的班子成员。")
            return redirect("committee_edit", pk=org.pk)
        messages.error(request, "班子成员填写不正确，请查看标红的行。")
    today = timezone.localdate()
    secretary = next(
        (
            p
            for p in org.committee_posts.select_related("member").order_by("-started_on")
            if p.post == "secretary" and p.started_on <= today and (p.ended_on is None or p.ended_on > today)
        ),
        None,
    )
    context = {
        "organization": org,
        "formset": formset,
        "term_years": term_years(org),
        "secretary": secretary,
        "due_on": term_due_on(org, secretary.started_on) if secretary else None,
        "today": today,
    }
    return render(request, "assessments/committee.html", context, status=400 if request.method == "POST" else 200)


@scoped()
def village_years(request, township_id: int, year: int):
    """Every village committee's figures for the year on one page."""
    _write_on_post(request)
    township = _township(request, township_id)
    villages = list(Village.objects.filter(township=township))
    existing = {row.village_id: row for row in VillageYear.objects.filter(village__in=villages, year=year)}
    data = request.POST if request.method == "POST" else None
    rows = [
        (v, VillageYearForm(data, prefix=f"v{v.pk}", instance=existing.get(v.pk) or VillageYear(village=v, year=year)))
        for v in villages
    ]
    if request.method == "POST":
        if all(form.is_valid() for _, form in rows):
            services.village_years_save(year=year, rows=[(v, form.cleaned_data) for v, form in rows])
            messages.success(request, f"已保存{year}年村级情况。")
            return redirect("village_years", township_id=township.pk, year=year)
        messages.error(request, "有的村填写不正确，请查看标红的行。")
    # What the report will say for each village: 一肩挑 as derived, 空白村小组 as counted.
    day = _day_of(year)
    figures = assessment_figures(
        township,
        day,
        year,
        subtree=list(Organization.objects.subtree(township)),
        villages=village_figures(township, day),
    )
    derived = {v.village_id: v for v in figures.villages}
    rows = [(village, form, derived.get(village.pk)) for village, form in rows]
    context = {"township": township, "year": year, "rows": rows, "day": day}
    return render(request, "assessments/village_years.html", context, status=400 if request.method == "POST" else 200)
