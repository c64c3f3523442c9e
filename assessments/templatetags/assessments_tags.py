"""Pieces other apps' pages show without importing this app: the 软弱涣散 badges, the
committee and rectifications on an organization's page, and the terms due on the dashboard."""

from django import template
from django.utils import timezone

from accounts.scoping import visible
from assessments.figures import terms, terms_needing_attention
from assessments.models import CommitteePost, Post, Rectification, term_due_on

register = template.Library()
PANEL_ROWS = 10


@register.simple_tag(takes_context=True)
def weak_organization_ids(context) -> set[int]:
    """Ids of the organizations in the user's scope that are 软弱涣散 today (an open rectification). One query."""
    today = timezone.localdate()
    rows = visible(Rectification, context["request"].user).filter(Rectification.open_on_q(today))
    return set(rows.values_list("organization_id", flat=True))


@register.inclusion_tag("assessments/_organization_panel.html", takes_context=True)
def organization_panel(context, organization):
    today = timezone.localdate()
    order = list(Post.values)  # 书记 first, as the posts are listed everywhere
    posts = sorted(
        organization.committee_posts.filter(CommitteePost.current_q(today)).select_related("member"),
        key=lambda p: (order.index(p.post), p.started_on),
    )
    secretary = next((p for p in posts if p.post == "secretary"), None)
    rectifications = list(organization.rectifications.order_by("-started_on"))
    for r in rectifications:
        r.status = r.status_on(today)
    return {
        "organization": organization,
        "posts": posts,
        "due_on": term_due_on(organization, secretary.started_on) if secretary else None,
        "today": today,
        "rectifications": rectifications,
        "assessments": list(organization.assessments.order_by("-year")[:5]),
        "can_write": context.get("can_write"),
    }


@register.inclusion_tag("assessments/_terms_panel.html", takes_context=True)
def terms_panel(context):
    """Committee terms overdue or due within the warning months, in the user's scope. Two queries."""
    from organizations.models import Organization

    today = timezone.localdate()
    user = context["request"].user
    posts = list(
        visible(CommitteePost, user).filter(CommitteePost.current_q(today), post="secretary").select_related("member")
    )
    orgs = list(Organization.objects.filter(pk__in={p.organization_id for p in posts}))
    overdue, due = terms_needing_attention(terms(orgs, posts, today), today)
    # The longest-overdue first; the full list is on each township's checks page.
    return {"overdue": overdue[:PANEL_ROWS], "due": due[:PANEL_ROWS], "overdue_n": len(overdue), "due_n": len(due)}
