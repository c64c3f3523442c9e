"""Where people land: the figures of their subtree today, this year against last, charts, and to-dos.

This view composes organizations, planning and reports, so it lives in reports
(the top of organizations ← planning ← reports); organizations knows nothing of
reports. Township staff see their report's status and the reviewer's comment;
reviewers see what waits for them, per township.
"""

from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import scoped
from accounts.scoping import can_review, scope_root, visible
from development.figures import development_figures
from organizations.figures import member_figures, organization_figures, village_figures
from organizations.models import Level, Member, Organization
from organizations.selectors import flatten, organization_tree
from planning.figures import plan_areas, task_summaries
from reports.document import Table, structure_tables, task_table, trend_table
from reports.life import development_table, has_development
from reports.todo import due_items, report_states, waiting_for_review
from reports.year_on_year import year_on_year


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
    members = visible(Member, user)
    figures = member_figures(members, today)
    yoy, trend = year_on_year(members, today, figures)
    chart_tables = [t for t in structure_tables(figures) if t.chart]
    development = development_figures(root or "/", today, today.year)
    if has_development(development):
        chart_tables.append(development_table(development, Table))
    if root is not None and root.level == Level.TOWNSHIP:
        summaries = task_summaries(plan_areas(root, today.year), today)
        if summaries:
            chart_tables.append(task_table(summaries))
    chart_tables.append(trend_table(trend))
    waiting = waiting_for_review(user) if can_review(user) else []
    township_nodes = [node.organization for node in townships]
    context = {
        "today": today,
        "root": root,
        "figures": figures,
        "organizations": organization_figures(organizations, root, today),
        "villages": village_figures(root or "/", today),
        "townships": townships,
        "yoy": yoy,
        "chart_tables": chart_tables,
        "due": due_items(user, today),
        # This year's report of each township in scope (the staff's own; every one for a reviewer).
        "report_states": report_states(township_nodes, today.year),
        "waiting": waiting,
        "waiting_total": sum(w.count for w in waiting),
    }
    return render(request, "organizations/dashboard.html", context)
