from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import scoped
from accounts.scoping import scope_root
from organizations.models import Level, Member, Organization, Village, VillageGroup
from organizations.selectors import flatten, member_figures, organization_counts, organization_tree


@scoped()
def dashboard(request):
    today = timezone.localdate()
    user = request.user
    organizations = Organization.objects.visible_to(user)
    villages = Village.objects.visible_to(user)
    # One row per township, so a county reviewer compares them at a glance.
    townships = [
        node
        for node in flatten(organization_tree(organizations.exclude(level=Level.PARTY_GROUP), today))
        if node.organization.level == Level.TOWNSHIP
    ]
    context = {
        "today": today,
        "root": scope_root(user),
        "figures": member_figures(Member.objects.visible_to(user), today),
        "org_counts": [(Level(level).label, n) for level, n in organization_counts(organizations).items()],
        "village_count": villages.count(),
        "group_count": VillageGroup.objects.filter(village__in=villages).count(),
        "townships": townships,
    }
    return render(request, "organizations/dashboard.html", context)
