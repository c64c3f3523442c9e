from django.contrib import messages
from django.db.models import Count
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, visible
from dangjian.integrity import save_or_form_error
from organizations.forms import TownshipProfileForm
from organizations.models import Organization, TownshipProfile, Village, VillageGroup


def _township(request, township_id: int) -> Organization:
    return get_visible_or_404(Organization.objects.townships(), request.user, pk=township_id)


@scoped()
def profile_list(request):
    townships = visible(Organization, request.user).townships().order_by("path")
    profiles = TownshipProfile.objects.filter(township__in=townships).order_by("township__path", "-year")
    by_township = {township.pk: [] for township in townships}
    for profile in profiles:
        by_township[profile.township_id].append(profile)
    villages = dict(Village.objects.filter(township__in=townships).values_list("township").annotate(n=Count("id")))
    groups = dict(
        VillageGroup.objects.filter(village__township__in=townships)
        .values_list("village__township")
        .annotate(n=Count("id"))
    )
    rows = [
        {"township": t, "profiles": by_township[t.pk], "villages": villages.get(t.pk, 0), "groups": groups.get(t.pk, 0)}
        for t in townships
    ]
    return render(request, "organizations/profile_list.html", {"rows": rows, "this_year": timezone.localdate().year})


@scoped(write=True)
def profile_edit(request, township_id: int, year: int):
    township = _township(request, township_id)
    profile = TownshipProfile.objects.filter(township=township, year=year).first() or TownshipProfile(
        township=township, year=year
    )
    # A new year starts from the latest earlier year's facts, which rarely change much.
    previous = None
    if profile.pk is None:
        previous = TownshipProfile.objects.filter(township=township, year__lt=year).order_by("-year").first()
    initial = model_to_dict(previous, fields=TownshipProfileForm._meta.fields) if previous else None
    form = TownshipProfileForm(request.POST or None, instance=profile, initial=initial)
    if request.method == "POST" and form.is_valid() and save_or_form_error(form.save, form):
        messages.success(request, f"已保存{township.name}{year}年基本情况。")
        return redirect("profile_list")
    return render(
        request,
        "organizations/profile_form.html",
        {
            "form": form,
            "township": township,
            "year": year,
            "title": f"{township.name}{year}年基本情况",
            "copied_from": previous,
        },
    )
