"""Nonsense in URLs and query strings answers 404 or is ignored, never a 500."""

import pytest
from django.urls import reverse

HUGE = "9" * 30


@pytest.mark.parametrize(
    "url",
    [
        f"/members/{HUGE}/",
        f"/organizations/{HUGE}/edit/",
        f"/reports/{HUGE}/",
        f"/versions/{HUGE}/pdf/",
        f"/townships/{HUGE}/plans/2020/",
        f"/tasks/{HUGE}/edit/",
        f"/review/{HUGE}/",
        f"/organizations/new/?parent={HUGE}",
    ],
)
def test_huge_ids_answer_404(staff_client, township, url):
    assert staff_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": HUGE},
        {"sort": "password"},
        {"organization": HUGE},
        {"gender": "X", "probationary": "maybe"},
    ],
)
def test_nonsense_filters_are_ignored(staff_client, township, query):
    assert staff_client.get(reverse("member_list"), query).status_code == 200


def test_a_huge_area_in_a_new_task_link_answers_404(staff_client, township):
    assert staff_client.get(reverse("task_create", args=[township.pk, 2020]), {"area": HUGE}).status_code == 404


def test_a_bad_rollup_date_is_explained(reviewer_client, township):
    response = reviewer_client.get(reverse("rollup", args=[2020]), {"as_of": "2020-02-30"})
    assert "统计截止日期格式不对" in response.content.decode()


@pytest.mark.parametrize("value", ["²", "١٢"])
def test_non_ascii_digits_in_links_are_ignored(staff_client, township, value):
    # Not an id at all: the form opens without a preselection rather than failing.
    response = staff_client.get(reverse("task_create", args=[township.pk, 2020]), {"area": value})
    assert response.status_code == 200
    assert "area" not in response.context["form"].initial
    response = staff_client.get(reverse("organization_create"), {"parent": value})
    assert response.status_code == 200
    assert "parent" not in response.context["form"].initial


def test_an_id_number_with_non_ascii_digits_is_refused_in_chinese(staff_client, branch):
    from organizations.models import Member

    data = {
        "name": "甲",
        "gender": "M",
        "ethnicity": "01",
        "birth_date": "1990-01-01",
        "education": "bachelor",
        "occupation": "farmer",
        "organization": branch.pk,
        "joined_on": "2015-07-01",
        "full_on": "2016-07-01",
        "id_number": "²" * 18,
        "phone": "",
        "floating_to": "",
        "village_group": "",
    }
    response = staff_client.post(reverse("member_create"), data)
    assert "身份证号码应为18位" in response.content.decode()
    assert not Member.objects.exists()
