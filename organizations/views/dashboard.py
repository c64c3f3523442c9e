from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import scoped
from accounts.scoping import scope_root, visible
from organizations.figures import member_figures, organization_figures, village_figures
from organizations.models import Level, Member, Organization
from organizations.selectors import flatten, organization_tree


@scoped()
def dashboard(request):
    """The user's subtree today, counted by the same functions as the report."""
    today = timezone.localdate()
    user = request.user
    root = scope_root(user)
    organizations = list(visible(Organization, user))
    # One row per township, so a county reviewer compares them at a glance.
    townships = [
        node for node in flatten(organization_tree(organizations, today)) if node.organization.level == Level.TOWNSHIP
    ]
    context = {
        "today": today,
        "root": root,
        "figures": member_figures(visible(Member, user), today),
        "organizations": organization_figures(organizations, root, today),
        "villages": village_figures(root or "/", today),
        "townships": townships,
    }
    return render(request, "organizations/dashboard.html", context)
