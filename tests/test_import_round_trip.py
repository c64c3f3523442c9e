"""Round trip: 清水乡's tree and roster, exported with the app's own exports, imported into an
empty township, give the same organizations, the same members and the same report figures.

ID and phone numbers are masked in exports (personal data), so they are the one thing that
does not travel: the imported members have none, and everything else must match.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from organizations.models import Category, Level, Member, Organization
from reports.statistics import township_statistics
from tests.factories import make_org, make_user
from tests.test_import_flow import preview

pytestmark = pytest.mark.django_db

DAY = datetime.date(2020, 11, 15)


def organizations(township) -> list[tuple]:
    orgs = {org.pk: org for org in Organization.objects.subtree(township).select_related("village")}

    def parent_name(org):
        parent = orgs.get(org.parent_id)
        return "（乡镇党委）" if parent is None or parent.pk == township.pk else parent.name

    return sorted(
        (
            org.name,
            org.level,
            org.category,
            parent_name(org),
            org.village.name if org.village else "",
            org.secretary,
            org.founded_on,
            org.sort_order,
        )
        for org in orgs.values()
        if org.pk != township.pk
    )


def members(township) -> list[tuple]:
    rows = Member.objects.filter(organization__path__startswith=township.path).select_related(
        "organization__parent", "village_group__village"
    )
    return sorted(
        (
            m.name,
            m.gender,
            m.ethnicity,
            m.birth_date,
            m.education,
            m.occupation,
            m.organization.name,
            m.organization.parent.name if m.organization.parent_id != township.pk else "",
            (m.village_group.village.name, m.village_group.name) if m.village_group else None,
            m.joined_on,
            m.full_on,
            m.is_floating,
            m.floating_to,
            m.is_college_village_official,
            m.left_on,
            m.leave_reason,
            m.leave_note,
        )
        for m in rows
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_exported_tree_and_roster_import_into_an_empty_township_unchanged():
    call_command("seed_demo", stdout=io.StringIO())
    qingshui = Organization.objects.get(name="清水乡")
    xiang = client_for(User.objects.get(username="xiang"))
    tree_file = xiang.get(reverse("organization_export")).content
    # Every member, including those who left: the figures as of any day depend on them.
    roster_file = xiang.get(reverse("member_export"), {"status": "all"}).content

    blank = make_org(qingshui.parent, Level.TOWNSHIP, "空白乡", Category.GENERAL)
    clerk = client_for(make_user("kong", Role.TOWNSHIP_STAFF, blank))
    for kind, body in (("organizations", tree_file), ("members", roster_file)):
        record = preview(clerk, body, kind)
        response = clerk.post(reverse("import_preview", args=[record.token]))
        assert response.status_code == 302, response.context and response.context.get("problems")

    assert organizations(blank) == organizations(qingshui)
    assert len(organizations(blank)) == 58  # the seed report's 58 organizations under the committee
    imported = members(blank)
    assert imported == members(qingshui)
    assert len(imported) == Member.objects.filter(organization__path__startswith=qingshui.path).count() == 560
    assert not Member.objects.filter(organization__path__startswith=blank.path, id_number__isnull=False).exists()

    before, after = township_statistics(qingshui, DAY), township_statistics(blank, DAY)
    assert after.members == before.members
    assert after.organizations == before.organizations
    # The same figures and names; the villages' ids are the new township's own.
    for name in ("committees", "groups", "groups_without_members", "blank_groups"):
        assert getattr(after.villages, name) == getattr(before.villages, name), name
    assert [n for _, n in after.villages.villages] == [n for _, n in before.villages.villages]
    assert after.members.total == 546
