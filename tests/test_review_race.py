"""Approve and return sent at once for one pending version store exactly one decision.

On PostgreSQL the requests run in threads, each with its own connection, so they
really overlap. The in-memory SQLite test database cannot take concurrent writers
(its shared cache answers 「table is locked」 instead of waiting), so there the
same requests run one after another and must give the same outcome.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from reports import submission
from reports.models import Report, ReportVersion, ReviewDecision, Status
from tests.concurrent import run_together
from tests.factories import make_member

DAY = datetime.date(2020, 11, 15)
ALREADY_DECIDED = "该版本已处理"
# The second step of the confirmation (reports/views/review.py): the request that acts.
CONFIRMED = {"confirmed": "1"}


@pytest.fixture
def pending(township, branch, staff):
    for i in range(3):
        make_member(branch, name=f"党员{i}")
    report = Report.objects.create(
        township=township,
        year=2020,
        as_of=DAY,
        title="甲乡2020年基层党建工作情况汇报",
        issuer="中共甲乡委员会",
        issued_on=DAY,
        opening="今年以来，全乡党建工作扎实推进。",
        problems="一是党务干部业务不精。",
        next_steps="一是强化党建责任落实。",
    )
    report.sections.create(heading="聚焦政治建设", narrative="开展理论学习8次。")
    submission.report_submit(report=report, user=staff)
    return report


def send(requests: list[tuple[Client, str, dict]]) -> list[object]:
    calls = [lambda c=c, u=u, d=d: c.post(u, d, follow=True) for c, u, d in requests]
    if connection.vendor == "postgresql":
        return run_together(calls)
    return [call() for call in calls]


def reviewer_clients(reviewer, count: int) -> list[Client]:
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(reviewer)
        clients.append(client)
    return clients


@pytest.mark.django_db(transaction=True)
def test_three_approves_and_three_returns_at_once_store_one_decision(pending, reviewer):
    approve = reverse("report_approve", args=[pending.pk])
    give_back = reverse("report_return", args=[pending.pk])
    clients = reviewer_clients(reviewer, 6)
    requests = [(c, approve, CONFIRMED) for c in clients[:3]] + [
        (c, give_back, {"comment": "请补充。", **CONFIRMED}) for c in clients[3:]
    ]

    responses = send(requests)

    assert [getattr(r, "status_code", r) for r in responses] == [200] * 6
    assert ReviewDecision.objects.count() == 1
    told = [r for r in responses if ALREADY_DECIDED in r.content.decode()]
    assert len(told) == 5
    assert Report.objects.get().status() in (Status.APPROVED, Status.RETURNED)


@pytest.mark.django_db(transaction=True)
def test_six_approves_at_once_store_one_decision(pending, reviewer):
    approve = reverse("report_approve", args=[pending.pk])

    responses = send([(c, approve, CONFIRMED) for c in reviewer_clients(reviewer, 6)])

    assert [getattr(r, "status_code", r) for r in responses] == [200] * 6
    assert ReviewDecision.objects.count() == 1
    assert sum(ALREADY_DECIDED in r.content.decode() for r in responses) == 5
    assert Report.objects.get().status() == Status.APPROVED


def test_the_services_refuse_a_version_already_decided(pending, reviewer):
    submission.report_approve(report=pending, user=reviewer)
    for decide in (
        lambda: submission.report_approve(report=pending, user=reviewer),
        lambda: submission.report_return(report=pending, user=reviewer, comment="再退回"),
    ):
        with pytest.raises(Exception, match=ALREADY_DECIDED):
            decide()
    assert ReviewDecision.objects.count() == 1
    assert ReportVersion.objects.count() == 1
