"""NUL and other control characters never give a 500 and are never stored (SQLite and PostgreSQL)."""

import pytest
from django.urls import reverse

from dangjian.control_characters import strip_control_characters
from organizations.models import Member
from reports import submission
from reports.models import ReviewDecision
from tests.test_review import ready_report


def test_control_characters_are_removed_but_tabs_and_line_breaks_are_kept():
    assert strip_control_characters("一\x00二\x07三\t四\r\n五\x1b\x7f\x85六") == "一二三\t四\r\n五六"


@pytest.mark.parametrize("query", ["q=%00", "q=%E7%94%B2%00", "page=1%00", "q%00=x", "q=%1B"])
def test_a_control_character_in_the_query_answers_400_on_the_audit_log(reviewer_client, query):
    response = reviewer_client.get(reverse("audit_log") + "?" + query)
    assert response.status_code == 400
    assert "网址中含有无效的控制字符" in response.content.decode()


def test_a_query_without_control_characters_still_searches(reviewer_client):
    assert reviewer_client.get(reverse("audit_log") + "?q=%E7%94%B2").status_code == 200


def test_a_nul_in_a_review_comment_is_removed_and_the_line_breaks_stay(reviewer_client, township, branch, staff):
    report = ready_report(township, branch)
    submission.report_submit(report=report, user=staff)
    comment = "请补充\x00组织生活情况。\r\n\t二是\x0b数字要核对。\x00"
    response = reviewer_client.post(reverse("report_return", args=[report.pk]), {"comment": comment, "confirmed": "1"})
    assert response.status_code == 302
    assert ReviewDecision.objects.get().comment == "请补充组织生活情况。\r\n\t二是数字要核对。"


def test_a_comment_of_control_characters_only_counts_as_empty(reviewer_client, township, branch, staff):
    report = ready_report(township, branch)
    submission.report_submit(report=report, user=staff)
    response = reviewer_client.post(reverse("report_return", args=[report.pk]), {"comment": "\x00\x00"})
    assert response.status_code == 400
    assert "退回时必须填写审核意见" in response.content.decode()
    assert not ReviewDecision.objects.exists()


def test_a_nul_in_a_member_form_is_removed(staff_client, branch):
    form = {
        "name": "张\x00三",
        "gender": "M",
        "ethnicity": "01",
        "birth_date": "1990-01-01",
        "education": "bachelor",
        "occupation": "farmer",
        "organization": branch.pk,
        "joined_on": "2015-07-01",
        "full_on": "2016-07-01",
        "id_number": "",
        "phone": "138\x0000001234",
        "floating_to": "",
        "village_group": "",
    }
    assert staff_client.post(reverse("member_create"), form).status_code == 302
    member = Member.objects.get()
    assert (member.name, member.phone) == ("张三", "13800001234")
