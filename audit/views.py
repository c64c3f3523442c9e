from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.decorators import scoped
from audit.display import describe
from audit.forms import AuditFilterForm
from audit.log import AUDITED, visible_entries


@scoped(review=True)
def audit_log(request):
    """Administrators see everything; county reviewers their county. Township staff: 403."""
    entries = visible_entries(request.user)
    form = AuditFilterForm(request.GET or None, entries=entries, audited=list(AUDITED))
    page = Paginator(form.filter(entries), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "rows": describe(page.object_list), "form": form, "query": query.urlencode()}
    return render(request, "audit/log.html", context)
