"""Development and organizational-life pages cost a fixed number of queries whatever the township records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Attendance, Meeting, Training
from development.models import Candidate, StepRecord
from tests.factories import make_member


def populate(branch, township, n: int) -> None:
    members = [make_member(branch, name=f"党员{n}-{i}") for i in range(n)]
    candidates = Candidate.objects.bulk_create(
        Candidate(
            name=f"申请人{n}-{i}",
            gender="M",
            birth_date=datetime.date(1995, 1, 1),
            education="high_school",
            occupation="farmer",
            organization=branch,
        )
        for i in range(n)
    )
    StepRecord.objects.bulk_create(
        StepRecord(candidate=c, number=s, done_on=datetime.date(2023, 1, s)) for c in candidates for s in range(1, 8)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(organization=branch, kind="theme_day", held_on=datetime.date(2023, 1 + i % 12, 10), topic="t")
        for i in range(n)
    )
    Attendance.objects.bulk_create(Attendance(meeting=m, member=p, status="present") for m in meetings for p in members)
    for i in range(n // 2):
        Training.objects.create(
            township=township, title=f"班{n}-{i}", start_on=datetime.date(2023, 3, 1), end_on=datetime.date(2023, 3, 2)
        ).participants.set(members)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "name, args, query",
    [
        ("development_overview", [], "?as_of=2023-12-31"),
        ("candidate_list", [], ""),
        ("meeting_list", [], "?year=2023"),
        ("meeting_compliance", [2023], ""),
        ("training_list", [], "?year=2023"),
        ("branch_life", ["branch"], ""),
    ],
)
def test_pages_cost_the_same_for_a_few_records_and_for_many(staff_client, township, branch, name, args, query):
    args = [branch.pk if a == "branch" else a for a in args] + ([2023] if name == "branch_life" else [])
    url = reverse(name, args=args) + query
    populate(branch, township, 2)
    small = queries_for(staff_client, url)
    populate(branch, township, 12)
    assert queries_for(staff_client, url) == small
