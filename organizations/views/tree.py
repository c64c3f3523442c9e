from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, scope_root, visible
from dangjian.downloads import XLSX, attachment
from organizations.exports import tree_xlsx
from organizations.forms import OrganizationForm
from organizations.models import Level, Member, Organization
from organizations.selectors import flatten, organization_tree


@scoped()
def organization_list(request):
    today = timezone.localdate()
    nodes = flatten(organization_tree(visible(Organization, request.user), today))
    return render(request, "organizations/tree.html", {"nodes": nodes, "today": today})


@scoped()
def organization_export(request):
    """A township's villages and organization tree as .xlsx in the import template's layout.

    Township staff get their own township; others name one with ?township=<id> (outside their scope: 404).
    """
    townships = visible(Organization.objects.townships(), request.user)
    township_id = request.GET.get("township", "")
    if township_id.isascii() and township_id.isdigit():
        township = get_object_or_404(townships, pk=township_id)
    else:
        root = scope_root(request.user)
        if root is None or root.level != Level.TOWNSHIP:
            raise Http404
        township = root
    return attachment(tree_xlsx(township), XLSX, f"{township.name}党组织和村委会.xlsx")


@scoped()
def organization_detail(request, pk: int):
    organization = get_visible_or_404(Organization.objects.select_related("parent", "village"), request.user, pk=pk)
    today = timezone.localdate()
    nodes = flatten(organization_tree(Organization.objects.subtree(organization), today))
    members = Member.objects.active_on(today).filter(organization=organization).order_by("name")
    return render(
        request,
        "organizations/organization_detail.html",
        {"organization": organization, "nodes": nodes, "members": members, "today": today},
    )


@scoped(write=True)
def organization_create(request):
    in_scope = visible(Organization, request.user)
    initial = {}
    if parent_id := request.GET.get("parent", "").strip():
        parent = get_object_or_404(in_scope, pk=parent_id) if parent_id.isascii() and parent_id.isdigit() else None
        if parent:
            initial = {"parent": parent, "category": parent.category, "village": parent.village_id}
            if parent.level in (Level.VILLAGE_COMMITTEE, Level.GENERAL_BRANCH):
                initial["level"] = Level.BRANCH
    form = OrganizationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        organization = form.save()
        messages.success(request, f"已新建党组织「{organization.name}」。")
        return redirect("organization_detail", pk=organization.pk)
    return render(request, "organizations/organization_form.html", {"form": form, "title": "新建党组织"})


@scoped(write=True)
def organization_edit(request, pk: int):
    organization = get_visible_or_404(Organization, request.user, pk=pk)
    form = OrganizationForm(request.POST or None, instance=organization, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"已保存党组织「{organization.name}」。")
        return redirect("organization_detail", pk=organization.pk)
    return render(
        request,
        "organizations/organization_form.html",
        {"form": form, "title": f"编辑党组织：{organization.name}", "organization": organization},
    )
