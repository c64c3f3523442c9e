"""Pages cost a fixed number of queries whatever the township's size."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Category, Level, Member
from tests.factories import make_org


def populate(township, members: int) -> None:
    """A village committee with 10 branches and ``members`` members spread over them."""
    rng = random.Random(members)
    village = make_org(township, Level.VILLAGE_COMMITTEE, f"村党委{members}", Category.RURAL)
    branches = [make_org(village, Level.BRANCH, f"第{i}党支部", Category.RURAL) for i in range(10)]
    Member.objects.bulk_create(
        Member(
            name=f"党员{i}",
            gender=rng.choice("MF"),
            birth_date=datetime.date(1960 + i % 40, 1 + i % 12, 1),
            education="high_school",
            occupation="farmer",
            organization=branches[i % 10],
            joined_on=datetime.date(2000 + i % 40 // 2, 7, 1),
            full_on=None if i % 17 == 0 else datetime.date(2001 + i % 40 // 2, 7, 1),
        )
        for i in range(members)
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url, bound",
    [
        # session, user with profile and scope, organizations, member counts per organization
        (reverse("organization_list"), 4),
        # session, user, count, page of members, organizations for the filter's chooser
        (reverse("member_list"), 5),
        # the same, plus validating the chosen organization
        (reverse("member_list") + "?organization={branch}&sort=-joined_on&gender=F&probationary=no&page=3", 6),
        # session, user, organizations + member counts (township rows), member figures,
        # the four earlier dates (last year and the trend) in one aggregate, the year's work areas,
        # village groups, villages, overdue tasks, conversions due, the reports (their versions
        # and decisions are prefetched only when there is a report: 2 more; the areas' tasks 1 more)
        (reverse("dashboard"), 12),
    ],
    ids=["tree", "member-list", "member-list-filtered", "dashboard"],
)
def test_page_queries_do_not_grow_with_the_number_of_members(staff_client, township, url, bound):
    populate(township, 50)
    url = url.format(branch=township.children.first().pk)
    small = queries_for(staff_client, url)
    populate(township, 2000)
    large = queries_for(staff_client, url)
    assert small == large
    assert large <= bound
