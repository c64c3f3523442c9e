"""Role × URL × own/foreign township → status, for every URL of the app.

Our staff (甲乡) asking for anything of 乙乡 get 404, never the data: 404 rather
than 403 so as not to reveal what exists. County reviewers read the whole
county (200) and may never write (403). Anonymous users are sent to login.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse

from organizations.models import Member
from tests.factories import make_member, make_village

# (url name, kind of object it names, is it a write URL)
URLS = [
    ("dashboard", None, False),
    ("organization_list", None, False),
    ("organization_detail", "branch", False),
    ("member_list", None, False),
    ("member_detail", "member", False),
    ("village_list", None, False),
    ("village_detail", "village", False),
    ("profile_list", None, False),
    ("member_export", None, False),
    ("organization_export", "township_query", False),
    ("import_template", "import_kind", False),
    ("organization_create", None, True),
    ("organization_edit", "branch", True),
    ("member_create", None, True),
    ("member_edit", "member", True),
    ("member_leave", "member", True),
    ("village_create", None, True),
    ("village_edit", "village", True),
    ("profile_edit", "township", True),
    ("import_index", None, True),
    ("import_upload", "import_kind", True),
]
# Naming a kind of import is not naming an object of a township.
OBJECT_URLS = [u for u in URLS if u[1] and u[1] != "import_kind"]
READ_URLS = [u for u in URLS if not u[2]]
WRITE_URLS = [u for u in URLS if u[2]]


@pytest.fixture
def own(township, branch):
    return {
        "township": township,
        "branch": branch,
        "member": make_member(branch, name="甲乡党员"),
        "village": make_village(township, "甲村", ["甲一组"]),
    }


@pytest.fixture
def foreign(other_township, other_branch, other_member, other_village):
    return {"township": other_township, "branch": other_branch, "member": other_member, "village": other_village}


def url_for(name, kind, objects):
    if kind is None:
        return reverse(name)
    if kind == "township":
        return reverse(name, args=[objects["township"].pk, 2020])
    if kind == "township_query":
        return reverse(name) + f"?township={objects['township'].pk}"
    if kind == "import_kind":
        return reverse(name, args=["members"])
    return reverse(name, args=[objects[kind].pk])


def ids(urls):
    return [name for name, *_ in urls]


@pytest.mark.parametrize("name, kind, write", OBJECT_URLS, ids=ids(OBJECT_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_get_404_for_another_townships_objects(staff_client, foreign, name, kind, write, method):
    response = getattr(staff_client, method)(url_for(name, kind, foreign))
    assert response.status_code == 404


def test_a_parent_from_another_township_in_the_create_link_answers_404(staff_client, other_township):
    response = staff_client.get(reverse("organization_create") + f"?parent={other_township.pk}")
    assert response.status_code == 404


@pytest.mark.parametrize("name, kind, write", URLS, ids=ids(URLS))
def test_staff_open_every_page_of_their_own_township(staff_client, own, name, kind, write):
    assert staff_client.get(url_for(name, kind, own)).status_code == 200


@pytest.mark.parametrize("name, kind, write", READ_URLS, ids=ids(READ_URLS))
@pytest.mark.parametrize("side", ["own", "foreign"])
def test_reviewers_read_every_township_of_their_county(reviewer_client, own, foreign, name, kind, write, side):
    objects = own if side == "own" else foreign
    assert reviewer_client.get(url_for(name, kind, objects)).status_code == 200


@pytest.mark.parametrize("name, kind, write", WRITE_URLS, ids=ids(WRITE_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_reviewers_may_never_write(reviewer_client, own, name, kind, write, method):
    response = getattr(reviewer_client, method)(url_for(name, kind, own), {"name": "改名"})
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


def test_a_refused_write_changes_nothing(reviewer_client, own):
    member = own["member"]
    reviewer_client.post(
        reverse("member_leave", args=[member.pk]), {"left_on": "2020-01-01", "leave_reason": "deceased"}
    )
    member.refresh_from_db()
    assert member.left_on is None


@pytest.mark.parametrize(
    "name, kind, write", [u for u in OBJECT_URLS if not u[2]], ids=ids([u for u in OBJECT_URLS if not u[2]])
)
def test_a_reviewer_of_another_county_sees_nothing(other_reviewer_client, own, name, kind, write):
    assert other_reviewer_client.get(url_for(name, kind, own)).status_code == 404


@pytest.mark.parametrize("name, kind, write", URLS, ids=ids(URLS))
def test_anonymous_users_are_sent_to_login(client, own, name, kind, write):
    url = url_for(name, kind, own)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={quote(url, safe='/')}"


@pytest.mark.parametrize("name, kind, write", URLS, ids=ids(URLS))
def test_administrators_open_everything(admin_client_, foreign, name, kind, write):
    assert admin_client_.get(url_for(name, kind, foreign)).status_code == 200


def test_lists_show_only_the_users_township(staff_client, own, foreign):
    pages = [
        reverse(name) for name in ("member_list", "organization_list", "village_list", "profile_list", "dashboard")
    ]
    for page in pages:
        html = staff_client.get(page).content.decode()
        assert "乙乡" not in html, page
    members = staff_client.get(reverse("member_list")).context["page"].object_list
    assert [m.name for m in members] == ["甲乡党员"]


def test_the_member_filter_does_not_accept_another_townships_organization(staff_client, own, foreign):
    response = staff_client.get(reverse("member_list"), {"organization": foreign["branch"].pk})
    # An invalid filter is ignored (and flagged), never used to reach the other township.
    assert [m.name for m in response.context["page"].object_list] == ["甲乡党员"]
    assert Member.objects.filter(name="乙乡党员").exists()


def test_login_page_is_in_chinese(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "用户名" in html and "密码" in html and "登录" in html


def test_logout_returns_to_login(staff_client):
    response = staff_client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert staff_client.get(reverse("dashboard")).status_code == 302


# An import preview belongs to its uploader alone: another user of the same township, a
# reviewer, even an administrator gets 404 (or 403 for a reviewer, who may never write).


@pytest.fixture
def pending_import(staff, township, branch):
    from imports.models import ImportRecord

    return ImportRecord.objects.create(
        kind="members",
        township=township,
        user=staff,
        file_name="a.xlsx",
        file_size=1,
        sha256="0" * 64,
        data={"book": {"sheets": [], "problems": []}, "outcome": {"problems": [], "actions": []}},
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_uploader_opens_their_import_preview(staff_client, pending_import, method):
    response = getattr(staff_client, method)(reverse("import_preview", args=[pending_import.token]))
    assert response.status_code == (200 if method == "get" else 302)


@pytest.mark.parametrize("method", ["get", "post"])
def test_nobody_else_sees_an_import_preview(admin_client_, other_reviewer_client, pending_import, township, method):
    from django.test import Client

    from accounts.models import Role
    from tests.factories import make_user

    colleague = Client()
    colleague.force_login(make_user("colleague", Role.TOWNSHIP_STAFF, township))
    url = reverse("import_preview", args=[pending_import.token])
    assert getattr(colleague, method)(url).status_code == 404
    assert getattr(admin_client_, method)(url).status_code == 404
    assert getattr(other_reviewer_client, method)(url).status_code == 403


@pytest.mark.parametrize("method", ["get", "post"])
def test_reviewers_may_not_open_an_import_preview(reviewer_client, pending_import, method):
    assert getattr(reviewer_client, method)(reverse("import_preview", args=[pending_import.token])).status_code == 403


def test_the_import_link_shows_only_to_users_who_can_write(staff_client, reviewer_client):
    assert ">导入</a>" in staff_client.get(reverse("dashboard")).content.decode()
    assert ">导入</a>" not in reviewer_client.get(reverse("dashboard")).content.decode()
