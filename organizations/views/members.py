from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, scope_root, visible
from dangjian.downloads import XLSX, attachment
from dangjian.integrity import save_or_form_error
from organizations.exports import roster_xlsx
from organizations.forms import SORT_FIELDS, MemberFilterForm, MemberForm, MemberLeaveForm
from organizations.models import Member, probationary_q

PAGE_SIZE = 50


def _filtered_members(user, form: MemberFilterForm, today):
    members = visible(Member, user).select_related("organization")
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or "current"
    # 在册 means a member on today's date, as the dashboard and the report count them.
    if status == "current":
        members = members.active_on(today)
    elif status == "left":
        members = members.filter(left_on__lte=today)
    if q := data.get("q", "").strip():
        members = members.filter(name__contains=q)
    if organization := data.get("organization"):
        members = members.under(organization)
    if gender := data.get("gender"):
        members = members.filter(gender=gender)
    if data.get("probationary") == "yes":
        members = members.filter(probationary_q(today))
    elif data.get("probationary") == "no":
        members = members.exclude(probationary_q(today))
    if data.get("floating") in ("yes", "no"):
        members = members.filter(is_floating=data["floating"] == "yes")
    return members.order_by(*SORT_FIELDS.get(data.get("sort") or "organization", SORT_FIELDS["organization"]))


@scoped()
def member_list(request):
    today = timezone.localdate()
    form = MemberFilterForm(request.GET or None, user=request.user)
    page = Paginator(_filtered_members(request.user, form, today), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organizations/member_list.html",
        {"form": form, "page": page, "today": today, "query": query.urlencode()},
    )


@scoped()
def member_export(request):
    """What the list shows (same filters, every page) as .xlsx in the import template's layout."""
    form = MemberFilterForm(request.GET or None, user=request.user)
    members = _filtered_members(request.user, form, timezone.localdate())
    root = scope_root(request.user)
    body = roster_xlsx(members, root)
    name = root.name if root is not None else "全部"
    return attachment(body, XLSX, f"{name}党员名册.xlsx")


@scoped()
def member_detail(request, pk: int):
    member = get_visible_or_404(
        Member.objects.select_related("organization", "village_group__village"), request.user, pk=pk
    )
    today = timezone.localdate()
    context = {"member": member, "today": today, "age": member.age_on(today)}
    return render(request, "organizations/member_detail.html", context)


@scoped(write=True)
def member_create(request):
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and (member := save_or_form_error(form.save, form)):
        messages.success(request, f"已添加党员「{member.name}」。")
        return redirect("member_detail", pk=member.pk)
    return render(request, "organizations/member_form.html", {"form": form, "title": "添加党员"})


@scoped(write=True)
def member_edit(request, pk: int):
    member = get_visible_or_404(Member, request.user, pk=pk)
    form = MemberForm(request.POST or None, instance=member, user=request.user)
    if request.method == "POST" and form.is_valid() and save_or_form_error(form.save, form):
        messages.success(request, f"已保存党员「{member.name}」的信息。")
        return redirect("member_detail", pk=member.pk)
    return render(
        request, "organizations/member_form.html", {"form": form, "title": f"编辑党员：{member.name}", "member": member}
    )


@scoped(write=True)
def member_leave(request, pk: int):
    member = get_visible_or_404(Member, request.user, pk=pk)
    if request.method == "POST" and "cancel" in request.POST:
        return redirect("member_detail", pk=member.pk)
    form = MemberLeaveForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"已登记党员「{member.name}」{member.get_leave_reason_display()}。")
        return redirect("member_detail", pk=member.pk)
    return render(request, "organizations/member_leave.html", {"form": form, "member": member})
