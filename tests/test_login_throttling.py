"""Login throttling (django-axes): 5 wrong passwords for one user name from one address lock it out."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, make_user

LOCKED = "登录失败次数过多"
LIMIT = 5


def log_in(client: Client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client: Client, username: str, times: int, address: str = "127.0.0.1") -> None:
    for _ in range(times):
        response = log_in(client, username, "wrong-password", address)
        assert response.status_code in (200, 429)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def clerk(db):
    return make_user("clerk")


def test_the_right_password_after_four_failures_still_logs_in(clerk):
    client = Client()
    fail(client, "clerk", LIMIT - 1)
    assert log_in(client, "clerk", PASSWORD).status_code == 302
    assert logged_in(client)


def test_after_five_failures_the_right_password_is_refused_with_a_chinese_message(clerk):
    client = Client()
    fail(client, "clerk", LIMIT)
    response = log_in(client, "clerk", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "请30分钟后再试，或请系统管理员解锁" in page
    assert not logged_in(client)


def test_the_lockout_is_per_user_name_and_address(clerk):
    make_user("neighbour")
    fail(Client(), "clerk", LIMIT)
    assert log_in(Client(), "neighbour", PASSWORD).status_code == 302
    assert log_in(Client(), "clerk", PASSWORD, address="10.0.0.2").status_code == 302
    assert log_in(Client(), "clerk", PASSWORD).status_code == 429


def test_axes_reset_unlocks(clerk):
    fail(Client(), "clerk", LIMIT)
    call_command("axes_reset_username", "clerk", verbosity=0)
    client = Client()
    assert log_in(client, "clerk", PASSWORD).status_code == 302
    assert logged_in(client)


def test_an_administrator_unlocks_through_the_admin(clerk, admin_client_):
    from axes.models import AccessAttempt

    fail(Client(), "clerk", LIMIT)
    attempt = AccessAttempt.objects.get(username="clerk")
    changelist = admin_client_.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "clerk" in changelist.content.decode()
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 302
    assert log_in(Client(), "clerk", PASSWORD).status_code == 302


def test_a_wrong_password_says_so_in_chinese_before_the_lockout(clerk):
    response = log_in(Client(), "clerk", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()
