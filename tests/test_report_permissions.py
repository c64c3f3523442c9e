"""Report URLs × roles: 乙乡's report answers 404 to 甲乡's staff; reviewers read, never write."""

import datetime

import pytest
from django.urls import reverse

from reports.models import Report

DAY = datetime.date(2020, 11, 15)

READS = ["report_preview", "report_pdf", "report_xlsx"]
WRITES = ["report_edit", "report_sections_sync"]


def make_report(township) -> Report:
    return Report.objects.create(
        township=township, year=2020, as_of=DAY, title=f"{township.name}汇报", issuer="中共", issued_on=DAY
    )


@pytest.fixture
def own_report(township):
    return make_report(township)


@pytest.fixture
def foreign_report(other_township):
    return make_report(other_township)


@pytest.mark.parametrize("name", READS + WRITES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_get_404_for_another_townships_report(staff_client, foreign_report, name, method):
    response = getattr(staff_client, method)(reverse(name, args=[foreign_report.pk]))
    post_only = name == "report_sections_sync" and method == "get"
    assert response.status_code == (405 if post_only else 404)


def test_staff_cannot_create_a_report_for_another_township(staff_client, other_township):
    response = staff_client.post(reverse("report_new"), {"township": other_township.pk, "year": 2020})
    assert "选择一个有效的选项" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("name", READS)
def test_staff_and_reviewers_read_reports(staff_client, reviewer_client, own_report, foreign_report, name):
    assert staff_client.get(reverse(name, args=[own_report.pk])).status_code == 200
    assert reviewer_client.get(reverse(name, args=[own_report.pk])).status_code == 200
    assert reviewer_client.get(reverse(name, args=[foreign_report.pk])).status_code == 200


def test_the_index_lists_only_the_users_reports(staff_client, reviewer_client, own_report, foreign_report):
    assert list(staff_client.get(reverse("report_index")).context["reports"]) == [own_report]
    assert set(reviewer_client.get(reverse("report_index")).context["reports"]) == {own_report, foreign_report}


@pytest.mark.parametrize("name", WRITES)
def test_reviewers_may_not_write(reviewer_client, own_report, name):
    assert reviewer_client.post(reverse(name, args=[own_report.pk]), {"title": "改"}).status_code == 403
    own_report.refresh_from_db()
    assert own_report.title == "甲乡汇报"


def test_reviewers_may_not_create_reports(reviewer_client, township):
    assert reviewer_client.post(reverse("report_new"), {"township": township.pk, "year": 2020}).status_code == 403
    assert not Report.objects.exists()


@pytest.mark.parametrize("name", READS)
def test_a_reviewer_of_another_county_sees_nothing(other_reviewer_client, own_report, name):
    assert other_reviewer_client.get(reverse(name, args=[own_report.pk])).status_code == 404


@pytest.mark.parametrize("name", READS + WRITES)
def test_anonymous_users_are_sent_to_login(client, own_report, name):
    response = client.get(reverse(name, args=[own_report.pk]))
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))
