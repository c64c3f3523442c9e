from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, visible
from dangjian.integrity import save_or_form_error
from organizations.forms import VillageForm, VillageGroupFormSet
from organizations.models import Village, VillageGroup


@scoped()
def village_list(request):
    villages = (
        visible(Village, request.user)
        .select_related("township")
        .annotate(group_count=Count("groups"))
        .order_by("township__path", "sort_order", "name")
    )
    return render(request, "organizations/village_list.html", {"villages": villages})


@scoped()
def village_detail(request, pk: int):
    village = get_visible_or_404(Village.objects.select_related("township"), request.user, pk=pk)
    groups = village.groups.annotate(member_count=Count("members")).order_by("sort_order", "name")
    return render(request, "organizations/village_detail.html", {"village": village, "groups": groups})


def _edit(request, village: Village, title: str):
    form = VillageForm(request.POST or None, instance=village, user=request.user)
    formset = VillageGroupFormSet(request.POST or None, instance=village, prefix="groups")
    if request.method == "POST" and form.is_valid() and formset.is_valid() and form.refuse_bulk_names_in(formset):

        def save():
            saved = form.save()
            formset.instance = saved
            formset.save()
            for name in form.cleaned_data["bulk_groups"]:
                VillageGroup(village=saved, name=name, sort_order=None).save()
            return saved

        if saved := save_or_form_error(save, form, formset):
            messages.success(request, f"已保存村委会「{saved.name}」及其村民小组。")
            return redirect("village_detail", pk=saved.pk)
        formset.instance = village
    return render(
        request,
        "organizations/village_form.html",
        {"form": form, "formset": formset, "title": title, "village": village},
    )


@scoped(write=True)
def village_create(request):
    return _edit(request, Village(), "新建村委会")


@scoped(write=True)
def village_edit(request, pk: int):
    village = get_visible_or_404(Village, request.user, pk=pk)
    return _edit(request, village, f"编辑村委会：{village.name}")
