"""Shared fixtures: a county with our township (甲乡) and a neighbour (乙乡) that
our staff must never see, and a second county whose reviewer sees neither.
"""

import os

import pytest
from django.conf import settings
from django.test import Client, override_settings

from accounts.models import Role
from organizations.models import Category, Level
from tests.factories import make_member, make_org, make_user, make_village

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls in fixtures around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def plain_static_files(tmp_path_factory):
    """Tests run without DEBUG, where production's hashed static names need a
    collectstatic first: the tests use the plain storage instead (static files
    from the app folders) and an empty STATIC_ROOT for WhiteNoise to scan.
    tests/test_serving.py checks the production storage on its own."""
    with override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        STATIC_ROOT=tmp_path_factory.mktemp("static_root"),
    ):
        yield


@pytest.fixture
def county(db):
    return make_org(None, Level.COUNTY, "测试县", Category.GENERAL)


@pytest.fixture
def township(county):
    return make_org(county, Level.TOWNSHIP, "甲乡", Category.GENERAL)


@pytest.fixture
def branch(township):
    return make_org(township, Level.BRANCH, "甲乡机关党支部", Category.ORGAN)


@pytest.fixture
def other_township(county):
    return make_org(county, Level.TOWNSHIP, "乙乡", Category.GENERAL)


@pytest.fixture
def other_branch(other_township):
    return make_org(other_township, Level.BRANCH, "乙乡机关党支部", Category.ORGAN)


@pytest.fixture
def other_member(other_branch):
    return make_member(other_branch, name="乙乡党员")


@pytest.fixture
def other_village(other_township):
    return make_village(other_township, "乙村", ["乙一组"])


@pytest.fixture
def other_county(db):
    return make_org(None, Level.COUNTY, "邻县", Category.GENERAL)


@pytest.fixture
def staff(township):
    return make_user("staff", Role.TOWNSHIP_STAFF, township)


@pytest.fixture
def reviewer(county):
    return make_user("reviewer", Role.COUNTY_REVIEWER, county)


@pytest.fixture
def other_reviewer(other_county):
    return make_user("other_reviewer", Role.COUNTY_REVIEWER, other_county)


@pytest.fixture
def admin_user(db):
    return make_user("root", is_superuser=True, is_staff=True)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff):
    return _client_for(staff)


@pytest.fixture
def reviewer_client(reviewer):
    return _client_for(reviewer)


@pytest.fixture
def other_reviewer_client(other_reviewer):
    return _client_for(other_reviewer)


@pytest.fixture
def admin_client_(admin_user):
    return _client_for(admin_user)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # PBKDF2 at full strength costs ~0.2 s per user; tests are not about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Submitted report files go to a temporary folder, never the project's media/.
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def pdf_delivery(settings, tmp_path):
    # Render slots of the test's own (no other process's render makes a test wait) and an
    # empty cache, so that every test renders what it checks.
    from reports.pdf_delivery import pdf_cache

    settings.PDF_RENDER_SLOT_DIR = tmp_path / "pdf-slots"
    pdf_cache().clear()
