from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.decorators import scoped
from audit.log import visible_entries


@scoped(review=True)
def audit_log(request):
    """Administrators see everything; county reviewers their county. Township staff: 403."""
    entries = visible_entries(request.user)
    if q := request.GET.get("q", "").strip():
        entries = entries.filter(object_repr__contains=q)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "q": q})
