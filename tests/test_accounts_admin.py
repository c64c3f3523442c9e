"""The admin's user-role page: a role left empty is a form error, not a 500."""

from django.urls import reverse

from accounts.models import Profile
from tests.factories import make_user


def test_a_profile_without_a_role_is_refused_in_chinese(admin_client_, township):
    user = make_user("no-role-yet")
    response = admin_client_.post(
        reverse("admin:accounts_profile_add"), {"user": user.pk, "role": "", "scope": township.pk}
    )
    assert response.status_code == 200
    assert "这个字段是必填项。" in response.content.decode()
    assert not Profile.objects.filter(user=user).exists()


def test_a_township_staff_scope_must_be_a_township(admin_client_, county):
    user = make_user("wrong-scope")
    response = admin_client_.post(
        reverse("admin:accounts_profile_add"), {"user": user.pk, "role": "township_staff", "scope": county.pk}
    )
    assert response.status_code == 200
    assert "乡镇党建工作人员的管辖范围必须是乡镇党委。" in response.content.decode()
    assert not Profile.objects.filter(user=user).exists()
