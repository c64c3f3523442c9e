"""Every member rule: one failing case each, with the Chinese message, and nothing written."""

import datetime

import pytest
from django.urls import reverse

from organizations.idcard import check_digit
from organizations.models import Category, Level, Member
from tests.factories import make_member, make_org


def valid_id(birth: datetime.date, female: bool, serial: str = "12") -> str:
    first17 = f"530323{birth:%Y%m%d}{serial}{2 if female else 1}"
    return first17 + check_digit(first17)


def wrong_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


@pytest.fixture
def form_data(branch):
    return {
        "name": "王玥",
        "gender": "F",
        "ethnicity": "08",
        "birth_date": "1990-03-05",
        "id_number": "",
        "education": "bachelor",
        "occupation": "farmer",
        "phone": "",
        "organization": branch.pk,
        "village_group": "",
        "joined_on": "2015-07-01",
        "full_on": "2016-07-01",
        "floating_to": "",
    }


def post_new_member(client, data):
    return client.post(reverse("member_create"), data)


def test_a_valid_member_is_saved(staff_client, form_data):
    response = post_new_member(staff_client, form_data)
    assert response.status_code == 302
    assert Member.objects.filter(name="王玥").count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"full_on": "2015-06-30"}, "转正日期不能早于入党日期。"),
        ({"joined_on": "2008-03-04", "full_on": "2009-03-04"}, "入党时必须年满18周岁"),
        ({"id_number": "53032319900305122"}, "身份证号码应为18位"),
        ({"id_number": wrong_check_digit(valid_id(datetime.date(1990, 3, 5), female=True))}, "身份证号码校验位不正确"),
        (
            {"id_number": valid_id(datetime.date(1990, 3, 6), female=True)},
            "身份证号码中的出生日期（1990年3月6日）与填写的出生日期不一致",
        ),
        ({"id_number": valid_id(datetime.date(1990, 3, 5), female=False)}, "身份证号码中的性别"),
        ({"is_floating": "on"}, "流动党员请填写流动去向。"),
    ],
    ids=[
        "full-before-joined",
        "under-18",
        "id-length",
        "id-check-digit",
        "id-birth-date",
        "id-gender",
        "floating-without-destination",
    ],
)
def test_an_invalid_member_is_refused_with_a_chinese_message(staff_client, form_data, changes, message):
    response = post_new_member(staff_client, {**form_data, **changes})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Member.objects.exists()


def test_a_duplicate_id_number_is_refused(staff_client, form_data, branch):
    number = valid_id(datetime.date(1990, 3, 5), female=True)
    make_member(branch, name="张三", gender="F", birth_date=datetime.date(1990, 3, 5), id_number=number)
    response = post_new_member(staff_client, {**form_data, "id_number": number.lower()})
    assert "这个身份证号码已经登记在另一名党员名下。" in response.content.decode()
    assert list(Member.objects.values_list("name", flat=True)) == ["张三"]


def test_a_lowercase_x_check_digit_is_accepted_and_stored_uppercase(staff_client, form_data):
    # Find a serial whose check digit is X so the case rule is really exercised.
    birth = datetime.date(1990, 3, 5)
    number = next(n for n in (valid_id(birth, True, f"{s:02d}") for s in range(100)) if n.endswith("X"))
    response = post_new_member(staff_client, {**form_data, "id_number": number.lower()})
    assert response.status_code == 302
    assert Member.objects.get().id_number == number


def test_members_belong_to_branches_only(staff_client, form_data, township):
    general_branch = make_org(township, Level.GENERAL_BRANCH, "甲村党总支", Category.RURAL)
    response = post_new_member(staff_client, {**form_data, "organization": general_branch.pk})
    # The chooser only offers branches; the model rule stands behind it for admin and scripts.
    assert "选择一个有效的选项" in response.content.decode()
    assert not Member.objects.exists()
    member = Member(
        organization=general_branch,
        name="甲",
        gender="M",
        birth_date=datetime.date(1980, 1, 1),
        education="bachelor",
        occupation="farmer",
        joined_on=datetime.date(2010, 1, 1),
    )
    with pytest.raises(Exception, match="党员只能编入党支部"):
        member.full_clean()


def test_a_member_of_another_township_cannot_be_placed_in_our_branch_list(staff_client, form_data, other_branch):
    response = post_new_member(staff_client, {**form_data, "organization": other_branch.pk})
    assert "选择一个有效的选项" in response.content.decode()
    assert not Member.objects.exists()


def test_an_edit_that_breaks_a_rule_leaves_the_member_as_it_was(staff_client, form_data, branch):
    member = make_member(branch, name="赵六", joined_on=datetime.date(2015, 7, 1), full_on=datetime.date(2016, 7, 1))
    data = {**form_data, "name": "赵六改", "joined_on": "2015-07-01", "full_on": "2015-01-01"}
    response = staff_client.post(reverse("member_edit", args=[member.pk]), data)
    assert "转正日期不能早于入党日期。" in response.content.decode()
    member.refresh_from_db()
    assert (member.name, member.full_on) == ("赵六", datetime.date(2016, 7, 1))


class TestLeaving:
    def test_leaving_records_date_and_reason_and_keeps_the_member(self, staff_client, branch):
        member = make_member(branch)
        response = staff_client.post(
            reverse("member_leave", args=[member.pk]), {"left_on": "2020-05-01", "leave_reason": "transferred_out"}
        )
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.left_on == datetime.date(2020, 5, 1)
        assert member.leave_reason == "transferred_out"

    def test_leaving_before_becoming_full_member_is_refused(self, staff_client, branch):
        member = make_member(branch, joined_on=datetime.date(2015, 7, 1), full_on=datetime.date(2016, 7, 1))
        response = staff_client.post(
            reverse("member_leave", args=[member.pk]), {"left_on": "2016-01-01", "leave_reason": "deceased"}
        )
        assert "离开日期不能早于转正日期。" in response.content.decode()
        member.refresh_from_db()
        assert member.left_on is None

    def test_leaving_before_joining_is_refused(self, staff_client, branch):
        member = make_member(branch, joined_on=datetime.date(2015, 7, 1), full_on=None)
        response = staff_client.post(
            reverse("member_leave", args=[member.pk]), {"left_on": "2015-06-30", "leave_reason": "deceased"}
        )
        assert "离开日期不能早于入党日期。" in response.content.decode()
        member.refresh_from_db()
        assert member.left_on is None

    def test_leaving_requires_a_reason(self, staff_client, branch):
        member = make_member(branch)
        response = staff_client.post(reverse("member_leave", args=[member.pk]), {"left_on": "2020-05-01"})
        assert "这个字段是必填项。" in response.content.decode()
        member.refresh_from_db()
        assert member.left_on is None


class TestDatabaseConstraints:
    """The database refuses what the forms refuse, so a script cannot slip past them."""

    def test_full_before_joined_is_refused_by_the_database(self, branch):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            make_member(branch, joined_on=datetime.date(2015, 7, 1), full_on=datetime.date(2015, 1, 1))
        assert not Member.objects.exists()

    def test_a_leave_date_without_a_reason_is_refused_by_the_database(self, branch):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            make_member(branch, left_on=datetime.date(2020, 1, 1))
        assert not Member.objects.exists()

    def test_duplicate_id_numbers_are_refused_by_the_database(self, branch):
        from django.db import IntegrityError, transaction

        number = valid_id(datetime.date(1980, 5, 1), female=False)
        make_member(branch, id_number=number)
        with pytest.raises(IntegrityError), transaction.atomic():
            make_member(branch, id_number=number)
        assert Member.objects.count() == 1

    def test_many_members_may_have_no_id_number(self, branch):
        make_member(branch, id_number="")
        make_member(branch, id_number=None)
        assert Member.objects.filter(id_number__isnull=True).count() == 2
