"""Imports and exports cost a fixed number of queries, whatever the number of rows or members."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from imports.services import check_file, import_record_confirm, import_record_create
from organizations.exports import roster_xlsx
from organizations.models import Gender, Member
from tests.factories import make_member, make_village
from tests.import_files import id_number, member_row, roster

pytestmark = pytest.mark.django_db

LI_ID = id_number("19800501", "011")


@pytest.fixture
def li(township, branch):
    make_village(township, "甲村委会", ["甲一组"])
    return make_member(branch, name="李强", gender=Gender.MALE, birth_date=datetime.date(1980, 5, 1), id_number=LI_ID)


def a_roster(new_members: int) -> bytes:
    """李强 updated (学历) and ``new_members`` new members, each with an ID number."""
    rows = [member_row(姓名="李强", 性别="男", 出生日期="1980-05-01", 身份证号=LI_ID, 学历="大专")]
    for n in range(new_members):
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n)
        rows.append(
            member_row(姓名=f"党员{n}", 出生日期=birth.isoformat(), 身份证号=id_number(f"{birth:%Y%m%d}", "002"))
        )
    return roster(*rows)


def count(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


@pytest.mark.parametrize("new_members", [2, 40])
def test_checking_a_roster_costs_eight_queries(township, staff, li, new_members):
    data = a_roster(new_members)
    checked = []
    # SAVEPOINT; the township's organizations, villages, village groups and members; who holds
    # the file's ID numbers (one query per 500 numbers); ROLLBACK TO SAVEPOINT; RELEASE SAVEPOINT.
    assert count(lambda: checked.append(check_file(kind="members", township=township, user=staff, data=data))) == 8
    assert checked[0].outcome.ok and checked[0].outcome.created == new_members


@pytest.mark.parametrize("new_members", [2, 40])
def test_confirming_a_preview_costs_twenty_three_queries(township, staff, li, new_members):
    data = a_roster(new_members)
    checked = check_file(kind="members", township=township, user=staff, data=data)
    record = import_record_create(
        kind="members", township=township, user=staff, file_name="a.xlsx", data=data, checked=checked
    )
    # Expire old previews (UPDATE); SAVEPOINT; the record FOR UPDATE and its township; SAVEPOINT;
    # the five reads of the check (organizations, villages, groups, members, ID holders);
    # 李强 in a SAVEPOINT (the audit log's read of the old row, its entry, the UPDATE, RELEASE);
    # SAVEPOINT, one INSERT of the new members (batches of 47 on SQLite, of 500 elsewhere), RELEASE;
    # RELEASE; the record closed (the audit log's read of the old row, its entry, the UPDATE); RELEASE.
    assert count(lambda: import_record_confirm(record=record, user=staff)) == 23
    assert Member.objects.count() == 1 + new_members
    assert Member.objects.get(name="李强").education == "college"


@pytest.mark.parametrize("members", [3, 30])
def test_exporting_the_roster_costs_four_queries(township, branch, members):
    for _ in range(members):
        make_member(branch)
    queryset = Member.objects.filter(organization__path__startswith=township.path)
    # The township's organizations, villages and village groups; the members' values.
    assert count(lambda: roster_xlsx(queryset, township)) == 4
