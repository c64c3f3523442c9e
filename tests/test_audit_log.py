"""The audit log page reads as Chinese: field and choice labels, related objects by name,
organization creations filed where county reviewers see them, filters, masked personal data."""

import datetime
import importlib
import re

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from organizations.models import Member, Organization
from planning.models import KeyTask, WorkArea
from tests.factories import make_user
from tests.test_member_validation import valid_id
from tests.test_organizations import form_data as organization_data

BIRTH = datetime.date(1990, 3, 5)
ID_NUMBER = valid_id(BIRTH, female=True, serial="35")


def member_data(branch, **changes):
    data = {
        "name": "王玥",
        "gender": "M",
        "ethnicity": "08",
        "birth_date": BIRTH.isoformat(),
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
    data.update(changes)
    return data


def page_text(client, **params) -> str:
    html = client.get(reverse("audit_log"), params).content.decode()
    return re.sub(r"<[^>]+>", "", html)


def shown_rows(client, **params) -> list[tuple[str, str]]:
    """(操作, 对象) of every row on the page."""
    response = client.get(reverse("audit_log"), params)
    assert response.status_code == 200
    return [(row.action, row.entry.object_repr) for row in response.context["rows"]]


@pytest.fixture
def member_entries(staff_client, branch):
    assert staff_client.post(reverse("member_create"), member_data(branch)).status_code == 302
    member = Member.objects.get()
    edit = member_data(branch, gender="F", id_number=ID_NUMBER, phone="13812341234", is_floating="on")
    edit["floating_to"] = "昆明"
    assert staff_client.post(reverse("member_edit", args=[member.pk]), edit).status_code == 302
    return member


def test_fields_choices_and_related_objects_read_in_chinese(reviewer_client, member_entries):
    text = page_text(reviewer_client)
    assert "修改" in text and "党员：王玥" in text
    assert "性别：男 → 女" in text
    assert "民族：壮族" in text  # the creation lists what was entered
    assert "所在党支部：甲乡机关党支部" in text
    assert "入党日期：2015年7月1日" in text
    assert "流动党员：否 → 是" in text
    assert f"身份证号码：（空） → 530323{'*' * 11}{ID_NUMBER[-1]}" in text
    assert "联系电话：（空） → 138****1234" in text
    for raw in ("gender", "organization", "is_floating", "id_number", ".None", "high_school", "bachelor"):
        assert raw not in text


def test_reverse_relations_are_not_logged_as_fields(staff_client, township):
    staff_client.post(reverse("organization_create"), organization_data(township))
    entry = LogEntry.objects.get(object_repr="新支部", action=LogEntry.Action.CREATE)
    assert not {"members", "children", "reports", "villages", "work_areas", "profiles"} & set(entry.changes_dict)


def test_an_organization_created_by_staff_is_seen_by_their_county_reviewer(
    staff_client, reviewer_client, other_reviewer_client, township
):
    assert staff_client.post(reverse("organization_create"), organization_data(township)).status_code == 302
    created = Organization.objects.get(name="新支部")
    entry = LogEntry.objects.get(object_repr="新支部", action=LogEntry.Action.CREATE)
    assert entry.additional_data == {"path": created.path}
    assert ("新建", "新支部") in shown_rows(reviewer_client)
    assert ("新建", "新支部") not in shown_rows(other_reviewer_client)


def test_creations_logged_without_a_path_are_filed_under_the_organization(township, reviewer_client):
    created = Organization.objects.create(parent=township, level="branch", name="旧支部", category="rural")
    LogEntry.objects.filter(object_repr="旧支部").update(additional_data={"path": ""})
    assert ("新建", "旧支部") not in shown_rows(reviewer_client)
    importlib.import_module("audit.migrations.0002_file_organization_creations").file_creations(apps, None)
    assert LogEntry.objects.get(object_repr="旧支部").additional_data == {"path": created.path}
    assert ("新建", "旧支部") in shown_rows(reviewer_client)


class TestFilters:
    @pytest.fixture
    def entries(self, staff_client, township, branch):
        """A member created by staff, a work area and task by a second clerk, a task deleted."""
        staff_client.post(reverse("member_create"), member_data(branch))
        clerk = make_user("clerk", "township_staff", township)
        clerk_client = type(staff_client)()
        clerk_client.force_login(clerk)
        area = WorkArea.objects.create(township=township, year=2020, name="组织建设")
        clerk_client.post(
            reverse("task_create", args=[township.pk, 2020]),
            {"area": area.pk, "title": "换届", "status": "not_started", "sort_order": 0},
        )
        clerk_client.post(reverse("task_delete", args=[KeyTask.objects.get().pk]))
        # The member's entries happened ten days ago.
        ten_days_ago = timezone.now() - datetime.timedelta(days=10)
        LogEntry.objects.filter(object_repr="王玥").update(timestamp=ten_days_ago)
        return clerk

    def test_by_person(self, reviewer_client, staff, entries):
        assert shown_rows(reviewer_client, actor=staff.pk) == [("新建", "王玥")]
        assert shown_rows(reviewer_client, actor=entries.pk) == [("删除", "换届"), ("新建", "换届")]

    def test_by_kind_of_object(self, reviewer_client, entries):
        task_type = ContentType.objects.get_for_model(KeyTask)
        assert shown_rows(reviewer_client, kind=task_type.pk) == [("删除", "换届"), ("新建", "换届")]

    def test_by_action(self, reviewer_client, entries):
        assert shown_rows(reviewer_client, action=LogEntry.Action.DELETE) == [("删除", "换届")]

    def test_by_date_range(self, reviewer_client, entries):
        today = timezone.localdate()
        earlier = (today - datetime.timedelta(days=10)).isoformat()
        assert ("新建", "王玥") not in shown_rows(reviewer_client, date_from=today.isoformat())
        assert shown_rows(reviewer_client, date_from=earlier, date_to=earlier) == [("新建", "王玥")]

    def test_an_invalid_filter_is_flagged_and_ignored_while_the_others_apply(self, reviewer_client, entries):
        response = reviewer_client.get(reverse("audit_log"), {"date_from": "昨天", "action": LogEntry.Action.DELETE})
        assert response.context["form"].errors["date_from"]
        assert [(r.action, r.entry.object_repr) for r in response.context["rows"]] == [("删除", "换届")]

    def test_the_person_list_names_only_people_in_the_reviewers_county(self, other_reviewer_client, entries):
        form = other_reviewer_client.get(reverse("audit_log")).context["form"]
        assert list(form.fields["actor"].queryset) == []


def test_the_page_costs_the_same_number_of_queries_for_few_or_many_entries(reviewer_client, township, branch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_member

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reviewer_client.get(reverse("audit_log")).status_code == 200
        return len(captured)

    make_member(branch)
    queries()  # fills the content-type cache, which later requests share
    few = queries()
    for i in range(30):
        make_member(branch, name=f"党员甲{i}")
    assert LogEntry.objects.count() > 30
    assert queries() == few


def test_every_logged_field_has_a_chinese_label():
    from audit.display import HIDDEN_FIELDS
    from audit.log import AUDITED

    unlabelled = [
        f"{label}.{f.name}"
        for label, options in AUDITED.items()
        for f in apps.get_model(label)._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS
        and f.name not in options.get("exclude_fields", [])
        and str(f.verbose_name) == f.name.replace("_", " ")
    ]
    assert unlabelled == []
