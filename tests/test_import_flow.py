"""Upload → preview → confirm: the preview is kept server-side for its uploader only, expires,
and confirming applies exactly what it showed. Members are updated, not duplicated.
"""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from imports.models import ImportRecord, ImportStatus
from organizations.models import Education, Gender, Member, Occupation, Organization
from tests.factories import make_member, make_user, make_village
from tests.import_files import database_state, id_number, member_row, org_book, roster
from tests.test_import_malformed import upload

pytestmark = pytest.mark.django_db

ID_WANG = id_number("19850312", "002")
ID_ZHANG = id_number("19850312", "011")


def preview(client, data: bytes, kind: str = "members"):
    response = upload(client, kind, data)
    assert response.status_code == 302, response.context and response.context.get("problems")
    return ImportRecord.objects.get(token=response.url.rstrip("/").rsplit("/", 1)[-1])


def test_a_clean_file_is_previewed_without_changing_the_members(staff_client, branch):
    before = database_state()
    record = preview(staff_client, roster(member_row(身份证号=ID_WANG), member_row(姓名="张伟", 性别="男")))
    response = staff_client.get(reverse("import_preview", args=[record.token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "检查通过：将新建 2 条，更新 0 条，0 条没有变化。" in html
    assert [(a.row, a.what, a.label) for a in response.context["changes"]] == [(2, "新建", "王芳"), (3, "新建", "张伟")]
    after = database_state()
    # Only the preview itself (and its audit entry) was stored.
    assert after["members"] == before["members"] and after["member_checksum"] == before["member_checksum"]
    assert after["import_records"] == before["import_records"] + 1
    assert record.status == ImportStatus.PENDING and record.rows == 2 and record.user.username == "staff"


def test_confirming_imports_every_row(staff_client, branch):
    data = roster(member_row(身份证号=ID_WANG), member_row(姓名="张伟", 性别="男"))
    record = preview(staff_client, data)
    response = staff_client.post(reverse("import_preview", args=[record.token]))
    assert response.status_code == 302 and response.url == reverse("member_list")
    wang = Member.objects.get(name="王芳")
    assert (wang.gender, wang.ethnicity, wang.birth_date, wang.education, wang.occupation) == (
        Gender.FEMALE,
        "01",
        datetime.date(1985, 3, 12),
        Education.BACHELOR,
        Occupation.MANAGER,
    )
    assert (wang.organization, wang.joined_on, wang.full_on, wang.id_number) == (
        branch,
        datetime.date(2010, 7, 1),
        datetime.date(2011, 7, 1),
        ID_WANG,
    )
    assert Member.objects.filter(name="张伟", gender=Gender.MALE).count() == 1
    record.refresh_from_db()
    assert (record.status, record.rows_created, record.rows_updated, record.data) == (ImportStatus.DONE, 2, 0, {})
    import hashlib

    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.file_name == "花名册.xlsx"


def test_the_import_record_is_in_the_audit_log(staff_client, branch):
    record = preview(staff_client, roster(member_row()))
    staff_client.post(reverse("import_preview", args=[record.token]))
    entries = LogEntry.objects.get_for_object(record)
    assert entries.count() == 2  # uploaded, confirmed
    assert entries.filter(action=LogEntry.Action.CREATE).count() == 1
    assert "status" in entries.filter(action=LogEntry.Action.UPDATE).get().changes_dict


def test_confirming_twice_imports_once(staff_client, branch):
    record = preview(staff_client, roster(member_row()))
    staff_client.post(reverse("import_preview", args=[record.token]))
    response = staff_client.post(reverse("import_preview", args=[record.token]), follow=True)
    assert "这次导入已导入，不能再确认。请重新上传文件。" in response.content.decode()
    assert Member.objects.filter(name="王芳").count() == 1


def test_another_users_preview_answers_404(staff_client, township, branch):
    record = preview(staff_client, roster(member_row()))
    colleague = make_user("colleague", Role.TOWNSHIP_STAFF, township)
    from django.test import Client

    client = Client()
    client.force_login(colleague)
    assert client.get(reverse("import_preview", args=[record.token])).status_code == 404
    assert client.post(reverse("import_preview", args=[record.token])).status_code == 404
    assert not Member.objects.filter(name="王芳").exists()


def test_a_preview_expires_after_an_hour(staff_client, branch):
    record = preview(staff_client, roster(member_row()))
    ImportRecord.objects.filter(pk=record.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    page = staff_client.get(reverse("import_preview", args=[record.token])).content.decode()
    assert "这次导入已过期（预览只保留1小时），不能再确认。" in page
    staff_client.post(reverse("import_preview", args=[record.token]))
    record.refresh_from_db()
    assert record.status == ImportStatus.EXPIRED and record.data == {}
    assert not Member.objects.filter(name="王芳").exists()


def test_confirming_rechecks_what_changed_since_the_preview(staff_client, branch, other_branch):
    record = preview(staff_client, roster(member_row(身份证号=ID_WANG)))
    make_member(
        other_branch, name="王芳", gender=Gender.FEMALE, birth_date=datetime.date(1985, 3, 12), id_number=ID_WANG
    )
    response = staff_client.post(reverse("import_preview", args=[record.token]))
    assert response.status_code == 200
    assert response.context["problems"] == [
        "工作表「党员名册」第2行 J列「身份证号」：这个身份证号码已经登记在另一名党员名下。"
    ]
    assert Member.objects.filter(name="王芳").count() == 1
    record.refresh_from_db()
    assert record.status == ImportStatus.REFUSED


def _no_second_check(monkeypatch):
    """From now on, checking a row fails the test: confirming must write the preview's plan."""
    from imports.rowforms import RowForm

    def refuse(*args, **kwargs):
        raise AssertionError("the rows were checked again")

    monkeypatch.setattr(RowForm, "validate", refuse)


def test_confirming_an_unchanged_preview_writes_its_plan_without_checking_again(staff_client, branch, monkeypatch):
    wang = make_member(
        branch, name="王芳", gender=Gender.FEMALE, birth_date=datetime.date(1985, 3, 12), id_number=ID_WANG
    )
    data = roster(member_row(身份证号=ID_WANG, 学历="大专"), member_row(姓名="张伟", 性别="男", 身份证号=ID_ZHANG))
    record = preview(staff_client, data)
    _no_second_check(monkeypatch)
    response = staff_client.post(reverse("import_preview", args=[record.token]))
    assert response.status_code == 302
    wang.refresh_from_db()
    assert (wang.education, wang.occupation, wang.joined_on) == (
        Education.COLLEGE,
        Occupation.MANAGER,
        datetime.date(2010, 7, 1),
    )
    zhang = Member.objects.get(name="张伟")
    assert (zhang.gender, zhang.birth_date, zhang.organization, zhang.id_number, zhang.full_on) == (
        Gender.MALE,
        datetime.date(1985, 3, 12),
        branch,
        ID_ZHANG,
        datetime.date(2011, 7, 1),
    )
    record.refresh_from_db()
    assert (record.status, record.rows_created, record.rows_updated) == (ImportStatus.DONE, 1, 1)
    # The update is in the audit log, as when the member's own form saves it.
    assert LogEntry.objects.get_for_object(wang).filter(action=LogEntry.Action.UPDATE).count() == 1


def test_a_member_edited_after_the_preview_is_checked_again_and_keeps_the_edit(staff_client, branch):
    wang = make_member(
        branch, name="王芳", gender=Gender.FEMALE, birth_date=datetime.date(1985, 3, 12), id_number=ID_WANG
    )
    # No 联系电话 column: the import keeps the stored phone number.
    record = preview(staff_client, roster(member_row(身份证号=ID_WANG, 学历="大专")))
    Member.objects.filter(pk=wang.pk).update(phone="13900000000")  # someone edits her meanwhile
    staff_client.post(reverse("import_preview", args=[record.token]))
    wang.refresh_from_db()
    # The preview's plan held the old (empty) phone; checking again kept the edit and applied the file.
    assert (wang.phone, wang.education) == ("13900000000", Education.COLLEGE)


def test_an_organization_renamed_after_the_preview_refuses_the_confirmation(staff_client, branch):
    record = preview(staff_client, roster(member_row()))
    branch.name = "甲乡第一党支部"
    branch.save()
    response = staff_client.post(reverse("import_preview", args=[record.token]))
    assert response.context["problems"] == [
        "工作表「党员名册」第2行 G列「所在党组织」：本乡镇没有名为「甲乡机关党支部」的党组织。"
    ]
    assert not Member.objects.filter(name="王芳").exists()


def test_a_member_with_a_known_id_is_updated_not_duplicated(staff_client, branch):
    wang = make_member(
        branch, name="王芳", gender=Gender.FEMALE, birth_date=datetime.date(1985, 3, 12), id_number=ID_WANG
    )
    record = preview(staff_client, roster(member_row(身份证号=ID_WANG, 学历="大专", 所在党组织="甲乡机关党支部")))
    changes = staff_client.get(reverse("import_preview", args=[record.token])).context["changes"]
    assert [(c.what, c.label, c.detail) for c in changes] == [("更新", "王芳", "学历、工作岗位")]
    staff_client.post(reverse("import_preview", args=[record.token]))
    assert Member.objects.filter(name="王芳").count() == 1
    wang.refresh_from_db()
    assert wang.education == Education.COLLEGE and wang.occupation == Occupation.MANAGER
    record.refresh_from_db()
    assert (record.rows_created, record.rows_updated) == (0, 1)


def test_a_masked_id_keeps_the_stored_one_and_matches_by_name_birth_date_and_organization(staff_client, branch):
    wang = make_member(
        branch,
        name="王芳",
        gender=Gender.FEMALE,
        birth_date=datetime.date(1985, 3, 12),
        id_number=ID_WANG,
        phone="13812345678",
        joined_on=datetime.date(2010, 7, 1),
        full_on=datetime.date(2011, 7, 1),
        education=Education.BACHELOR,
        occupation=Occupation.MANAGER,
    )
    masked = ID_WANG[:6] + "*" * 11 + ID_WANG[-1]
    record = preview(staff_client, roster(member_row(身份证号=masked, 联系电话="138****5678", 学历="研究生")))
    staff_client.post(reverse("import_preview", args=[record.token]))
    wang.refresh_from_db()
    assert (wang.id_number, wang.phone, wang.education) == (ID_WANG, "13812345678", Education.POSTGRADUATE)
    assert Member.objects.count() == 1


def test_a_new_member_with_a_masked_id_is_created_without_it(staff_client, branch):
    record = preview(staff_client, roster(member_row(身份证号="532699***********8")))
    actions = staff_client.get(reverse("import_preview", args=[record.token])).context["changes"]
    assert [a.detail for a in actions] == ["身份证号码已打码，新建的党员不保存身份证号码"]
    staff_client.post(reverse("import_preview", args=[record.token]))
    assert Member.objects.get(name="王芳").id_number is None


def test_importing_the_same_file_again_changes_nothing(staff_client, branch):
    data = roster(member_row(身份证号=ID_WANG), member_row(姓名="张伟", 性别="男"))
    staff_client.post(reverse("import_preview", args=[preview(staff_client, data).token]))
    state = database_state()
    record = preview(staff_client, data)
    page = staff_client.get(reverse("import_preview", args=[record.token])).content.decode()
    assert "检查通过：将新建 0 条，更新 0 条，2 条没有变化。" in page
    staff_client.post(reverse("import_preview", args=[record.token]))
    assert database_state()["member_checksum"] == state["member_checksum"]


def test_headers_in_any_order_under_a_title_row(staff_client, branch):
    row = member_row()
    headers = list(reversed(list(row)))

    def title(ws):
        ws.insert_rows(1)
        ws["A1"] = "甲乡党员花名册"

    record = preview(staff_client, roster(row, headers=headers, extra=title))
    staff_client.post(reverse("import_preview", args=[record.token]))
    assert Member.objects.get(name="王芳").birth_date == datetime.date(1985, 3, 12)


def test_organizations_and_villages_are_imported_with_paths(staff_client, township):
    data = org_book(
        [
            {"组织名称": "丙村党总支", "组织层级": "党总支", "组织类别": "农村", "所在村委会": "丙村委会"},
            {"组织名称": "一组党支部", "上级组织": "甲乡/丙村党总支", "组织层级": "支部", "组织类别": "农村"},
            {"组织名称": "一组党支部", "上级组织": "甲乡", "组织层级": "党支部", "组织类别": "机关"},
        ],
        [{"村委会名称": "丙村委会", "村民小组": "一组"}, {"村委会名称": "丙村委会", "村民小组": "二组"}],
    )
    record = preview(staff_client, data, "organizations")
    staff_client.post(reverse("import_preview", args=[record.token]))
    general = Organization.objects.get(name="丙村党总支")
    assert (general.parent, general.level, general.village.name) == (township, "general_branch", "丙村委会")
    assert list(Organization.objects.filter(name="一组党支部").values_list("parent__name", "category")) == [
        ("丙村党总支", "rural"),
        ("甲乡", "organ"),
    ]
    assert list(general.village.groups.values_list("name", flat=True)) == ["一组", "二组"]
    # A member can now name the branch by its path.
    record = preview(staff_client, roster(member_row(所在党组织="甲乡党委/丙村党总支/一组党支部")))
    staff_client.post(reverse("import_preview", args=[record.token]))
    assert Member.objects.get(name="王芳").organization.parent == general


def test_a_village_group_can_be_named_with_its_village(staff_client, township, branch):
    make_village(township, "甲村委会", ["一组"])
    make_village(township, "乙村委会", ["一组"])
    record = preview(staff_client, roster({**member_row(), "所属村民小组": "乙村委会/一组"}))
    staff_client.post(reverse("import_preview", args=[record.token]))
    assert str(Member.objects.get(name="王芳").village_group) == "乙村委会一组"


def test_the_command_line_dry_run_changes_nothing(branch, tmp_path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(roster(member_row()))
    out = io.StringIO()
    call_command("import_roster", str(path), "--township", "甲乡", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "检查通过（--dry-run，未写入）：将新建 1 条，更新 0 条，未变 0 条（甲乡）。"
    assert not Member.objects.exists() and not ImportRecord.objects.exists()


def test_the_command_line_imports_and_records_it(branch, tmp_path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(roster(member_row()))
    out = io.StringIO()
    call_command("import_roster", str(path), "--township", "甲乡", stdout=out)
    assert out.getvalue().strip() == "已导入：新建 1 条，更新 0 条，未变 0 条（甲乡）。"
    record = ImportRecord.objects.get()
    assert (record.source, record.user, record.status, record.rows_created) == ("命令行", None, "done", 1)


def test_the_command_line_lists_the_problems_and_imports_nothing(branch, tmp_path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(roster(member_row(), member_row(姓名="张三", 出生日期="1985-02-30")))
    err = io.StringIO()
    with pytest.raises(CommandError, match="没有导入：共 1 处错误，数据没有任何改动。"):
        call_command("import_roster", str(path), "--township", "甲乡", stderr=err)
    assert (
        err.getvalue().strip()
        == "工作表「党员名册」第3行 D列「出生日期」：「1985-02-30」不是有效的日期（没有1985年2月30日这一天）。"
    )
    assert not Member.objects.exists()


def test_the_command_line_imports_organizations(township, tmp_path):
    path = tmp_path / "组织.xlsx"
    path.write_bytes(org_book([{"组织名称": "新党支部", "组织层级": "党支部", "组织类别": "机关"}]))
    call_command("import_orgs", str(path), "--township", "甲乡", stdout=io.StringIO())
    assert Organization.objects.get(name="新党支部").parent == township


def test_the_command_line_refuses_an_unknown_township(db, tmp_path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(roster(member_row()))
    with pytest.raises(CommandError, match="找不到乡镇「丁乡」。"):
        call_command("import_roster", str(path), "--township", "丁乡")


def test_the_development_template_is_ready_but_its_import_is_not_open(staff_client):
    response = staff_client.get(reverse("import_template", args=["development"]))
    assert response.status_code == 200
    assert staff_client.get(reverse("import_upload", args=["development"])).status_code == 404


def test_a_big_file_is_checked_on_a_page_that_shows_progress(staff_client, branch, monkeypatch):
    from imports import views
    from imports.base import PROGRESS_EVERY

    monkeypatch.setattr(views, "STREAM_ABOVE_BYTES", 0)
    rows = [member_row(姓名=f"党员{n}") for n in range(PROGRESS_EVERY + 1)]
    response = upload(staff_client, "members", roster(*rows))
    assert response.streaming
    page = b"".join(response.streaming_content).decode()
    assert "正在检查「花名册.xlsx」" in page
    assert f"importProgress({PROGRESS_EVERY}, {PROGRESS_EVERY + 1})" in page
    assert f"importProgress({PROGRESS_EVERY + 1}, {PROGRESS_EVERY + 1})" in page
    record = ImportRecord.objects.get()
    assert f'location.replace("/imports/preview/{record.token}/")' in page
    assert record.rows == PROGRESS_EVERY + 1 and not Member.objects.exists()
    staff_client.post(reverse("import_preview", args=[record.token]))
    assert Member.objects.count() == PROGRESS_EVERY + 1


def test_a_big_bad_file_shows_its_errors_on_the_progress_page_and_changes_nothing(staff_client, branch, monkeypatch):
    from imports import views

    monkeypatch.setattr(views, "STREAM_ABOVE_BYTES", 0)
    before = database_state()
    response = upload(staff_client, "members", roster(member_row(), member_row(姓名="张三", 出生日期="1985-02-30")))
    page = b"".join(response.streaming_content).decode()
    assert "「花名册.xlsx」没有导入，数据没有任何改动。请改正下面 1 处错误后重新上传：" in page
    assert (
        "<li>工作表「党员名册」第3行 D列「出生日期」：「1985-02-30」不是有效的日期（没有1985年2月30日这一天）。</li>"
        in page
    )
    assert "location.replace" not in page
    assert database_state() == before
