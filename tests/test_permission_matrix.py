"""The permission matrix: every URL name × every kind of user × GET (and POST where the view writes).

Each cell is one exact status. The objects in the URLs belong to 甲乡 of 测试县;
乙乡 (same county) and 邻县's 丙乡 have objects of their own, so "not yours"
is tested against real data, never against an empty database.

    anonymous       → 302 to the login page (405 where only POST is allowed)
    staff           甲乡's township staff: 200 on their own pages and writes
    other_staff     乙乡's township staff: 404 on 甲乡's objects (404, not 403: do not reveal that they exist)
    reviewer        测试县's reviewer: reads everything in the county, 403 on every write
    other_reviewer  邻县's reviewer: 404 on 甲乡's objects, 403 on writes (checked before any lookup)
    admin           a superuser: everything

The test fails when the resolver knows a URL name that is not in MATRIX: a new
view is not done until its row is here.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import get_resolver, reverse

from accounts.models import Role
from activities.models import Meeting, MeetingKind, Training
from assessments.models import Pairing, Rectification
from development.models import Candidate
from development.services import candidate_create
from imports.services import check_file, import_record_create
from organizations.models import Category, Level, TownshipProfile
from planning.models import KeyTask, TaskStatus, WorkArea
from reports.models import ReportVersion
from reports.services import report_create
from tests.factories import make_member, make_org, make_user, make_village
from tests.import_files import member_row, roster

ROLES = ("anonymous", "staff", "other_staff", "reviewer", "other_reviewer", "admin")
YEAR = 2020
DAY = datetime.date(YEAR, 11, 15)

# Rows of statuses in ROLES order.
LIST = "302 200 200 200 200 200"  # a page listing what the user may see
OBJECT = "302 200 404 200 404 200"  # a page about one of 甲乡's objects
CREATE = "302 200 200 403 403 200"  # a form creating something in the user's own township
EDIT = "302 200 404 403 403 200"  # a form changing one of 甲乡's objects
POST_ONLY = "405 405 405 405 405 405"  # GET on a view that only accepts POST
ACTION = "302 302 404 403 403 302"  # POST of a button on one of 甲乡's objects, answered with a redirect

# url name → (how to build its arguments from the objects, {method: statuses})
MATRIX = {
    "login": (lambda o: [], {"get": "200 200 200 200 200 200"}),
    "logout": (lambda o: [], {"get": POST_ONLY, "post": "302 302 302 302 302 302"}),
    "dashboard": (lambda o: [], {"get": LIST}),
    # organizations
    "organization_list": (lambda o: [], {"get": LIST}),
    "organization_detail": (lambda o: [o["branch"].pk], {"get": OBJECT}),
    "organization_create": (lambda o: [], {"get": CREATE, "post": CREATE}),
    "organization_edit": (lambda o: [o["branch"].pk], {"get": EDIT, "post": EDIT}),
    "member_list": (lambda o: [], {"get": LIST}),
    "member_detail": (lambda o: [o["member"].pk], {"get": OBJECT}),
    "member_create": (lambda o: [], {"get": CREATE, "post": CREATE}),
    "member_edit": (lambda o: [o["member"].pk], {"get": EDIT, "post": EDIT}),
    "member_leave": (lambda o: [o["member"].pk], {"get": EDIT, "post": EDIT}),
    "village_list": (lambda o: [], {"get": LIST}),
    "village_detail": (lambda o: [o["village"].pk], {"get": OBJECT}),
    "village_create": (lambda o: [], {"get": CREATE, "post": CREATE}),
    "village_edit": (lambda o: [o["village"].pk], {"get": EDIT, "post": EDIT}),
    "profile_list": (lambda o: [], {"get": LIST}),
    "profile_edit": (lambda o: [o["township"].pk, YEAR], {"get": EDIT, "post": EDIT}),
    # planning
    "plan_index": (lambda o: [], {"get": LIST}),
    "plan_detail": (lambda o: [o["township"].pk, YEAR], {"get": OBJECT}),
    "plan_ledger": (lambda o: [o["township"].pk, YEAR], {"get": OBJECT}),
    "plan_areas_edit": (lambda o: [o["township"].pk, YEAR], {"get": EDIT, "post": EDIT}),
    # The plan of YEAR exists: both buttons answer with a message and a redirect.
    "plan_create_default": (lambda o: [o["township"].pk, YEAR], {"get": POST_ONLY, "post": ACTION}),
    "plan_copy": (lambda o: [o["township"].pk, YEAR], {"get": POST_ONLY, "post": ACTION}),
    "task_create": (lambda o: [o["township"].pk, YEAR], {"get": EDIT, "post": EDIT}),
    "task_edit": (lambda o: [o["task"].pk], {"get": EDIT, "post": EDIT}),
    "task_close": (lambda o: [o["task"].pk], {"get": EDIT, "post": EDIT}),
    "task_reopen": (lambda o: [o["task"].pk], {"get": POST_ONLY, "post": ACTION}),
    # GET asks for confirmation; POST deletes and returns to the plan.
    "task_delete": (lambda o: [o["task"].pk], {"get": EDIT, "post": ACTION}),
    # assessments: readers see the year's pages; saving them needs the right to write.
    "assessment_index": (lambda o: [], {"get": LIST}),
    # An empty POST clears the year's grades (every row blank): saved, then redirected.
    "assessment_year": (lambda o: [o["township"].pk, YEAR], {"get": OBJECT, "post": ACTION}),
    # An empty pair is refused with a message and a redirect.
    "pairing_create": (lambda o: [o["township"].pk, YEAR], {"get": POST_ONLY, "post": ACTION}),
    "pairing_delete": (lambda o: [o["pairing"].pk], {"get": POST_ONLY, "post": ACTION}),
    "rectification_create": (lambda o: [o["branch"].pk], {"get": EDIT, "post": EDIT}),
    "rectification_edit": (lambda o: [o["rectification"].pk], {"get": EDIT, "post": EDIT}),
    # A POST without the formset's management form is refused with 400.
    "committee_edit": (lambda o: [o["branch"].pk], {"get": OBJECT, "post": "302 400 404 403 403 400"}),
    # Every field of a village's year may be blank: an empty POST saves and redirects.
    "village_years": (lambda o: [o["township"].pk, YEAR], {"get": OBJECT, "post": ACTION}),
    "township_checks": (lambda o: [o["township"].pk, YEAR], {"get": OBJECT}),
    # reports
    "report_index": (lambda o: [], {"get": LIST}),
    # An empty form is refused with 400; reviewers may not create.
    "report_new": (lambda o: [], {"get": POST_ONLY, "post": "302 400 400 403 403 400"}),
    "report_preview": (lambda o: [o["report"].pk], {"get": OBJECT}),
    "report_edit": (lambda o: [o["report"].pk], {"get": EDIT, "post": EDIT}),
    "report_sections_sync": (lambda o: [o["report"].pk], {"get": POST_ONLY, "post": ACTION}),
    "report_download": (lambda o: [o["report"].pk, "pdf"], {"get": OBJECT}),
    "report_versions": (lambda o: [o["report"].pk], {"get": OBJECT}),
    # The report waits for review: a second submit is refused with a message and a redirect.
    "report_submit": (lambda o: [o["report"].pk], {"get": POST_ONLY, "post": ACTION}),
    # Reviewing: township staff 403 (before any lookup); a reviewer of another county 404. The first POST
    # answers with the confirmation page (200); only the confirmed second POST decides.
    "report_approve": (lambda o: [o["report"].pk], {"get": POST_ONLY, "post": "302 403 403 200 404 200"}),
    # Returning without a comment is refused with 400 (before any confirmation).
    "report_return": (lambda o: [o["report"].pk], {"get": POST_ONLY, "post": "302 403 403 400 404 400"}),
    "version_download": (lambda o: [o["version"].pk, "pdf"], {"get": OBJECT}),
    # A version's stored document, and a comparison of two versions (here the one version with itself).
    "version_detail": (lambda o: [o["version"].pk], {"get": OBJECT}),
    "version_compare": (lambda o: [o["version"].pk, o["version"].pk], {"get": OBJECT}),
    # County pages by year: everyone signed in sees the townships of their scope.
    "review_year": (lambda o: [YEAR], {"get": LIST}),
    # The zip holds the latest PDFs of the townships in scope (every township here has one).
    "review_zip": (lambda o: [YEAR], {"get": LIST}),
    "rollup": (lambda o: [YEAR], {"get": LIST}),
    "rollup_xlsx": (lambda o: [YEAR], {"get": LIST}),
    "rollup_pdf": (lambda o: [YEAR], {"get": LIST}),
    # The roll-up of submitted versions: the matrix's versions store no figures, so every township is
    # listed as missing, and the pages and files still answer.
    "rollup_official": (lambda o: [YEAR], {"get": LIST}),
    "rollup_official_xlsx": (lambda o: [YEAR], {"get": LIST}),
    "rollup_official_pdf": (lambda o: [YEAR], {"get": LIST}),
    # imports: writing is township staff's; templates and exports are reads
    "import_index": (lambda o: [], {"get": CREATE}),
    "import_template": (lambda o: ["members"], {"get": LIST}),
    "import_upload": (lambda o: ["members"], {"get": CREATE, "post": CREATE}),
    # A preview is its uploader's (甲乡's staff) alone: 404 to everyone else who may write.
    "import_preview": (lambda o: [o["import"].token], {"get": "302 200 404 403 403 404"}),
    "member_export": (lambda o: [], {"get": LIST}),
    # Without ?township= the export is the user's own township; a county or the whole forest has none: 404.
    "organization_export": (lambda o: [], {"get": "302 200 200 404 404 404"}),
    # development: an empty POST of a step, an extension or a cancellation is refused with 400.
    "candidate_list": (lambda o: [], {"get": LIST}),
    "development_overview": (lambda o: [], {"get": LIST}),
    "candidate_create": (lambda o: [], {"get": CREATE, "post": CREATE}),
    "candidate_detail": (lambda o: [o["candidate"].pk], {"get": OBJECT}),
    "candidate_edit": (lambda o: [o["candidate"].pk], {"get": EDIT, "post": EDIT}),
    "candidate_step": (lambda o: [o["candidate"].pk], {"get": POST_ONLY, "post": "302 400 404 403 403 400"}),
    "candidate_extend": (lambda o: [o["candidate"].pk], {"get": POST_ONLY, "post": "302 400 404 403 403 400"}),
    "candidate_cancel": (lambda o: [o["candidate"].pk], {"get": POST_ONLY, "post": "302 400 404 403 403 400"}),
    # organizational life
    "meeting_list": (lambda o: [], {"get": LIST}),
    "meeting_create": (lambda o: [], {"get": CREATE, "post": CREATE}),
    "meeting_detail": (lambda o: [o["meeting"].pk], {"get": OBJECT}),
    "meeting_edit": (lambda o: [o["meeting"].pk], {"get": EDIT, "post": EDIT}),
    "meeting_attendance": (lambda o: [o["meeting"].pk], {"get": EDIT, "post": EDIT}),
    "meeting_compliance": (lambda o: [YEAR], {"get": LIST}),
    "branch_life": (lambda o: [o["branch"].pk, YEAR], {"get": OBJECT}),
    "training_list": (lambda o: [], {"get": LIST}),
    "training_create": (lambda o: [], {"get": CREATE, "post": CREATE}),
    "training_detail": (lambda o: [o["training"].pk], {"get": OBJECT}),
    "training_edit": (lambda o: [o["training"].pk], {"get": EDIT, "post": EDIT}),
    # audit log: reviewers and administrators only
    "audit_log": (lambda o: [], {"get": "302 403 403 200 200 200"}),
}


def url_names() -> set[str]:
    return {key for key in get_resolver().reverse_dict if isinstance(key, str)}


def test_every_url_name_is_in_the_matrix():
    assert url_names() - set(MATRIX) == set()
    assert set(MATRIX) - url_names() == set()


def township_objects(township, name: str) -> dict:
    branch = make_org(township, Level.BRANCH, f"{name}机关党支部", Category.ORGAN)
    area = WorkArea.objects.create(township=township, year=YEAR, name="组织建设")
    WorkArea.objects.create(township=township, year=YEAR - 1, name="组织建设")
    report = report_create(township=township, year=YEAR, today=DAY)
    version = ReportVersion(
        report=report,
        number=1,
        as_of=DAY,
        submitted_by=make_user(f"{name}提交人"),
        data={},
        pdf_sha256="",
        xlsx_sha256="",
    )
    version.pdf.save("v1.pdf", ContentFile(b"%PDF-1.7 stored"), save=False)
    version.xlsx.save("v1.xlsx", ContentFile(b"stored"), save=False)
    version.save()
    TownshipProfile.objects.create(township=township, year=YEAR, population=1000)
    partner = make_org(township, Level.BRANCH, f"{name}学校党支部", Category.SCHOOL)
    member = make_member(branch, name=f"{name}党员")
    candidate = candidate_create(
        candidate=Candidate(
            name=f"{name}申请人",
            gender="M",
            birth_date=datetime.date(1998, 1, 1),
            education="high_school",
            occupation="farmer",
            organization=branch,
        ),
        applied_on=DAY,
        today=DAY,
    )
    meeting = Meeting.objects.create(organization=branch, kind=MeetingKind.THEME_DAY, held_on=DAY, topic="主题党日")
    training = Training.objects.create(
        township=township, title=f"{name}培训班", start_on=DAY, end_on=DAY, participant_count=10
    )
    return {
        "rectification": Rectification.objects.create(
            organization=branch, reason="组织生活不经常", responsible="书记", started_on=DAY
        ),
        "pairing": Pairing.objects.create(township=township, year=YEAR, advanced=branch, partner=partner),
        "township": township,
        "branch": branch,
        "member": member,
        "candidate": candidate,
        "meeting": meeting,
        "training": training,
        "village": make_village(township, f"{name}村委会", [f"{name}一组"]),
        "task": KeyTask.objects.create(
            area=area, title=f"{name}任务", status=TaskStatus.DONE, closed_on=DAY, close_note="完成"
        ),
        "report": report,
        "version": version,
    }


@pytest.fixture
def objects(county, township, other_township, other_county):
    township_objects(other_township, "乙乡")
    township_objects(make_org(other_county, Level.TOWNSHIP, "丙乡", Category.GENERAL), "丙乡")
    return township_objects(township, "甲乡")


@pytest.fixture
def clients(township, other_township, county, other_county, objects) -> dict[str, Client]:
    users = {
        "staff": make_user("staff", Role.TOWNSHIP_STAFF, township),
        "other_staff": make_user("other_staff", Role.TOWNSHIP_STAFF, other_township),
        "reviewer": make_user("reviewer", Role.COUNTY_REVIEWER, county),
        "other_reviewer": make_user("other_reviewer", Role.COUNTY_REVIEWER, other_county),
        "admin": make_user("root", is_superuser=True, is_staff=True),
    }
    # A real preview, through the same services as an upload, owned by 甲乡's staff.
    data = roster(member_row(所在党组织=objects["branch"].name))
    checked = check_file(kind="members", township=township, user=users["staff"], data=data)
    objects["import"] = import_record_create(
        kind="members", township=township, user=users["staff"], file_name="名册.xlsx", data=data, checked=checked
    )
    out = {"anonymous": Client()}
    for role, user in users.items():
        out[role] = Client()
        out[role].force_login(user)
    return out


CASES = [
    (name, method, role, int(status))
    for name, (_, methods) in MATRIX.items()
    for method, statuses in methods.items()
    for role, status in zip(ROLES, statuses.split(), strict=True)
]


@pytest.mark.parametrize("name, method, role, expected", CASES, ids=[f"{n}-{m}-{r}" for n, m, r, _ in CASES])
def test_status(clients, objects, name, method, role, expected):
    url = reverse(name, args=MATRIX[name][0](objects))
    response = getattr(clients[role], method)(url)
    assert response.status_code == expected
    if expected == 302 and role == "anonymous" and name != "logout":
        assert response.url == f"{reverse('login')}?next={url}"
