"""No page or file other than the member's own edit form shows 8 or more consecutive digits
of any member's ID number or phone number: every page staff can reach by following links,
the report's preview, PDF and Excel workbook, the audit log and the admin lists."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.masking import mask_id_number, mask_personal_value, mask_phone
from organizations.models import Member
from reports.services import report_create
from tests.pdf_tools import pdf_text
from tests.test_member_validation import valid_id

TODAY = timezone.localdate()

PEOPLE = [
    # name, gender, birth date, phone
    ("王玥", "F", datetime.date(1990, 3, 5), "13812341234"),
    ("李明", "M", datetime.date(1965, 11, 30), "0871-65432109"),
    ("张强", "M", datetime.date(2001, 1, 9), "+86 139 8765 4321"),
]


def windows(secret: str) -> set[str]:
    """Every run of 8 consecutive digits in ``secret`` (spaces inside a phone number ignored)."""
    compact = re.sub(r"\s", "", secret)
    return {compact[i : i + 8] for i in range(len(compact) - 7) if compact[i : i + 8].isdigit()}


def leaks(text: str, secrets: list[str]) -> set[str]:
    runs = re.sub(r"\s", "", text)
    return {w for secret in secrets for w in windows(secret) if w in runs}


@pytest.fixture
def members(staff_client, branch):
    """Members entered through the form (so the audit log has their creation), then edited."""
    for i, (name, gender, birth, phone) in enumerate(PEOPLE):
        data = {
            "name": name,
            "gender": gender,
            "ethnicity": "01",
            "birth_date": birth.isoformat(),
            "id_number": valid_id(birth, female=gender == "F", serial=f"3{i}"),
            "education": "bachelor",
            "occupation": "farmer",
            "phone": "",
            "organization": branch.pk,
            "village_group": "",
            "joined_on": "2020-07-01",
            "full_on": "2021-07-01",
            "floating_to": "",
        }
        assert staff_client.post(reverse("member_create"), data).status_code == 302
        member = Member.objects.get(name=name)
        assert staff_client.post(reverse("member_edit", args=[member.pk]), data | {"phone": phone}).status_code == 302
    return list(Member.objects.order_by("name"))


@pytest.fixture
def secrets(members):
    return [m.id_number for m in members] + [m.phone for m in members]


def test_the_masks_keep_region_and_check_character_and_the_phone_ends():
    assert mask_id_number("530323199003051215") == "530323***********5"
    assert mask_phone("13812341234") == "138****1234"
    assert mask_personal_value("53032319900305121X") == "530323***********X"
    assert mask_personal_value("13812341234") == "138****1234"
    assert mask_personal_value("None") == "None"


def test_the_members_own_edit_form_has_the_whole_numbers(staff_client, members, secrets):
    # The detector finds what is there: the one place the numbers belong.
    html = "".join(staff_client.get(reverse("member_edit", args=[m.pk])).content.decode() for m in members)
    assert leaks(html, secrets) == set().union(*(windows(s) for s in secrets))


def test_no_page_staff_can_reach_shows_the_numbers(staff_client, township, members, secrets):
    report_create(township=township, year=TODAY.year, today=TODAY)
    edit_forms = {reverse("member_edit", args=[m.pk]) for m in members}
    queue, seen = [reverse("dashboard"), reverse("member_list") + "?status=all"], set()
    while queue and len(seen) < 300:
        url = queue.pop()
        if url in seen or url in edit_forms:
            continue
        seen.add(url)
        response = staff_client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        assert leaks(html, secrets) == set(), url
        for link in re.findall(r'href="(/[^"#]*)"', html):
            link = link.replace("&amp;", "&")
            if not re.search(r"/(pdf|xlsx|zip)/|\.(pdf|xlsx)$|/logout|^/static/|^/admin/", link):
                queue.append(link)
    # The crawl reached the pages that hold members.
    for member in members:
        assert reverse("member_detail", args=[member.pk]) in seen
    assert {reverse("organization_detail", args=[members[0].organization_id]), reverse("report_index")} <= seen
    assert any(re.fullmatch(r"/reports/\d+/", url) for url in seen)


def test_the_report_pdf_and_workbook_do_not_show_the_numbers(staff_client, township, members, secrets):
    report = report_create(township=township, year=TODAY.year, today=TODAY)
    workbook = openpyxl.load_workbook(
        io.BytesIO(staff_client.get(reverse("report_download", args=[report.pk, "xlsx"])).content)
    )
    cells = [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None]
    assert mask_id_number(members[0].id_number) in cells  # the register is there, masked
    assert leaks("\n".join(cells), secrets) == set()
    pdf = staff_client.get(reverse("report_download", args=[report.pk, "pdf"])).content
    assert leaks(pdf_text(pdf), secrets) == set()


def test_the_audit_log_does_not_show_the_numbers(reviewer_client, admin_client_, members, secrets):
    html = reviewer_client.get(reverse("audit_log")).content.decode()
    assert "王玥" in html and "138****1234" in html
    assert leaks(html, secrets) == set()
    assert leaks(admin_client_.get(reverse("audit_log")).content.decode(), secrets) == set()


def test_the_admin_lists_do_not_show_the_numbers(admin_client_, members, secrets):
    members_page = admin_client_.get(reverse("admin:organizations_member_changelist")).content.decode()
    assert "138****1234" in members_page
    assert leaks(members_page, secrets) == set()
    log_page = admin_client_.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert leaks(log_page, secrets) == set()
    for entry_url in re.findall(r'href="(/admin/auditlog/logentry/\d+/change/)"', log_page):
        assert leaks(admin_client_.get(entry_url).content.decode(), secrets) == set(), entry_url


def test_entries_logged_before_the_one_mask_are_masked_again(branch):
    import importlib

    from auditlog.models import LogEntry
    from django.apps import apps

    member = Member.objects.create(
        name="旧记录",
        gender="M",
        birth_date=datetime.date(1980, 5, 1),
        education="bachelor",
        occupation="farmer",
        organization=branch,
        joined_on=datetime.date(2010, 7, 1),
    )
    old = LogEntry.objects.log_create(
        member,
        action=LogEntry.Action.UPDATE,
        changes={"id_number": ["None", "*********05011215X"], "phone": ["", "13812341234"], "name": ["甲", "旧记录"]},
        force_log=True,
    )
    importlib.import_module("audit.migrations.0001_remask_personal_data").remask(apps, None)
    old.refresh_from_db()
    assert old.changes == {
        "id_number": ["None", "*****************X"],
        "phone": ["", "138****1234"],
        "name": ["甲", "旧记录"],
    }


def test_the_audit_log_masks_a_development_candidates_id_number_like_a_members(
    staff_client, reviewer_client, admin_client_, branch
):
    id_number = valid_id(datetime.date(1998, 4, 7), female=False, serial="21")
    data = {
        "name": "赵申请",
        "gender": "M",
        "ethnicity": "01",
        "birth_date": "1998-04-07",
        "id_number": id_number,
        "education": "bachelor",
        "occupation": "farmer",
        "organization": branch.pk,
        "note": "",
        "applied_on": "2024-03-01",
    }
    assert staff_client.post(reverse("candidate_create"), data).status_code == 302
    html = reviewer_client.get(reverse("audit_log")).content.decode()
    assert "赵申请" in html and mask_id_number(id_number) in html
    assert leaks(html, [id_number]) == set()
    # The entry as stored, which the admin shows as it is.
    log_page = admin_client_.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    entry_urls = re.findall(r'href="(/admin/auditlog/logentry/\d+/change/)"', log_page)
    assert entry_urls
    for entry_url in entry_urls:
        assert leaks(admin_client_.get(entry_url).content.decode(), [id_number]) == set(), entry_url


def test_candidate_entries_logged_with_auditlogs_own_mask_are_masked_again(branch):
    import importlib

    from auditlog.models import LogEntry
    from django.apps import apps

    from development.models import Candidate

    candidate = Candidate.objects.create(
        name="旧申请人",
        gender="M",
        birth_date=datetime.date(1998, 4, 7),
        education="bachelor",
        occupation="farmer",
        organization=branch,
    )
    old = LogEntry.objects.log_create(
        candidate,
        action=LogEntry.Action.UPDATE,
        changes={"id_number": ["None", "*********804072110"], "name": ["甲", "旧申请人"]},
        force_log=True,
    )
    importlib.import_module("audit.migrations.0003_remask_candidate_id_numbers").remask(apps, None)
    old.refresh_from_db()
    assert old.changes == {"id_number": ["None", "*****************0"], "name": ["甲", "旧申请人"]}
