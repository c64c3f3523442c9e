"""What clerks type: every date form, Excel date cells, and the synonyms of the closed lists."""

import datetime

import pytest
from django.urls import reverse

from imports.cells import CellError, as_date
from organizations.imports import EDUCATIONS, ETHNICITIES, GENDERS, OCCUPATIONS
from organizations.models import Education, Gender, Member, Occupation
from tests.import_files import member_row, roster
from tests.test_import_flow import preview

NOV_15 = datetime.date(2020, 11, 15)


@pytest.mark.parametrize(
    "typed",
    [
        "2020-11-15",
        "2020/11/15",
        "2020.11.15",
        "2020年11月15日",
        "20201115",
        20201115,
        "2020-11-15 00:00:00",
        " 2020年11月15日 ",
        "２０２０／１１／１５",  # full-width, as some input methods type
        {"date": "2020-11-15"},  # an Excel date cell, as the reader stores it
    ],
)
def test_every_date_form_reads_as_the_same_day(typed):
    assert as_date(typed) == NOV_15


@pytest.mark.parametrize("typed", ["2020-1-5", "2020/1/5", "2020.1.5", "2020年1月5日"])
def test_single_digit_months_and_days_are_accepted(typed):
    assert as_date(typed) == datetime.date(2020, 1, 5)


def test_an_empty_cell_is_no_date():
    assert as_date(None) is None and as_date("") is None


@pytest.mark.parametrize(
    "typed, message",
    [
        ("2020-02-30", "「2020-02-30」不是有效的日期（没有2020年2月30日这一天）。"),
        ("2021-02-29", "「2021-02-29」不是有效的日期（没有2021年2月29日这一天）。"),
        (
            "15/11/2020",
            "无法识别日期「15/11/2020」，请写成 2020-11-15、2020/11/15、2020.11.15、2020年11月15日或20201115。",
        ),
        ("2999-01-01", "日期 2999-01-01 晚于今天"),
    ],
)
def test_impossible_and_foreign_dates_are_refused(typed, message):
    with pytest.raises(CellError) as refused:
        as_date(typed)
    assert message in str(refused.value)


@pytest.mark.parametrize(
    "choices, typed, value",
    [
        (GENDERS, "男", Gender.MALE),
        (GENDERS, "男性", Gender.MALE),
        (GENDERS, "女性", Gender.FEMALE),
        (ETHNICITIES, "汉", "01"),
        (ETHNICITIES, "汉族", "01"),
        (ETHNICITIES, "彝", "07"),
        (ETHNICITIES, "蒙古", "02"),
        (EDUCATIONS, "大专", Education.COLLEGE),
        (EDUCATIONS, "大学专科", Education.COLLEGE),
        (EDUCATIONS, "本科", Education.BACHELOR),
        (EDUCATIONS, "硕士", Education.POSTGRADUATE),
        (EDUCATIONS, "初中", Education.JUNIOR_OR_BELOW),
        (EDUCATIONS, "小学", Education.JUNIOR_OR_BELOW),
        (EDUCATIONS, "技校", Education.SECONDARY_VOCATIONAL),
        (OCCUPATIONS, "农民", Occupation.FARMER),
        (OCCUPATIONS, "工人", Occupation.WORKER),
        (OCCUPATIONS, "工人(工勤技能人员)", Occupation.WORKER),  # half-width brackets
        (OCCUPATIONS, "退休", Occupation.RETIRED),
        (OCCUPATIONS, "公务员", Occupation.CIVIL_SERVANT),
    ],
)
def test_synonyms_mean_the_same_choice(choices, typed, value):
    assert choices.value(typed) == value


@pytest.mark.django_db
def test_a_row_of_synonyms_and_date_forms_imports_like_the_canonical_one(staff_client, branch):
    row = {
        **member_row(
            性别="女性",
            民族="彝",
            出生日期="1985年3月12日",
            学历="大专",
            工作岗位="农民",
            入党日期=20100701,
            转正日期=datetime.datetime(2011, 7, 1),
        ),
        "流动党员": "是",
        "流动去向": "广东省东莞市",
        "大学生村官": "否",
    }
    record = preview(staff_client, roster(row))
    staff_client.post(reverse("import_preview", args=[record.token]))
    member = Member.objects.get(name="王芳")
    assert (member.gender, member.ethnicity, member.birth_date, member.education, member.occupation) == (
        Gender.FEMALE,
        "07",
        datetime.date(1985, 3, 12),
        Education.COLLEGE,
        Occupation.FARMER,
    )
    assert (member.joined_on, member.full_on, member.is_floating, member.floating_to) == (
        datetime.date(2010, 7, 1),
        datetime.date(2011, 7, 1),
        True,
        "广东省东莞市",
    )
    assert member.is_college_village_official is False
