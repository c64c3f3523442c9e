"""Reads with real logic behind them: the tree with member counts, in display order.

Each function costs a fixed number of queries whatever the township's size.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count

from organizations.models import Member, Organization


@dataclass
class TreeNode:
    organization: Organization
    depth: int
    own_members: int = 0
    total_members: int = 0
    children: list["TreeNode"] = field(default_factory=list)


def organization_tree(organizations, day: datetime.date) -> list[TreeNode]:
    """The given organizations as a forest, in display order, with member counts on ``day``.

    Two queries: the organizations, and member counts grouped by organization.
    ``total_members`` adds up the whole subtree.
    """
    orgs = sorted(organizations, key=lambda org: org.path)
    nodes = {org.pk: TreeNode(org, 0) for org in orgs}
    counts = (
        (
            Member.objects.active_on(day)
            .filter(organization__in=[org.pk for org in orgs])
            .values_list("organization")
            .annotate(n=Count("id"))
        )
        if orgs
        else []
    )
    for org_id, n in counts:
        nodes[org_id].own_members = n
        nodes[org_id].total_members += n
    for org in orgs:
        own = nodes[org.pk].own_members
        if own:
            for ancestor_id in org.ancestor_ids:
                if ancestor_id in nodes:
                    nodes[ancestor_id].total_members += own
    return _forest(orgs, nodes)


def _forest(orgs: list[Organization], nodes: dict[int, TreeNode]) -> list[TreeNode]:
    """Link the nodes under their parents; siblings by sort order, then name."""
    roots = []
    for org in orgs:
        node = nodes[org.pk]
        parent = nodes.get(org.parent_id)
        (parent.children if parent else roots).append(node)

    def arrange(siblings, depth):
        siblings.sort(key=lambda n: (n.organization.sort_order, n.organization.name))
        for node in siblings:
            node.depth = depth
            arrange(node.children, depth + 1)

    arrange(roots, 0)
    return roots


def in_tree_order(orgs: list[Organization]) -> list[Organization]:
    """The organizations as the tree page lists them, without querying."""
    return [node.organization for node in flatten(_forest(orgs, {org.pk: TreeNode(org, 0) for org in orgs}))]


def flatten(roots: list[TreeNode]) -> list[TreeNode]:
    out = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out
