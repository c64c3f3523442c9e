"""What a user may see and do. Every view and queryset asks here, nowhere else.

A user's scope is one node of the organization tree (their township, or their
county for reviewers); they see that node's subtree. Administrators
(superusers) see everything. Township staff write inside their scope; county
reviewers only read.
"""

from django.core.exceptions import PermissionDenied

from accounts.models import Role

ALL = "/"


def _profile(user):
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.profile
    except user._meta.model.profile.RelatedObjectDoesNotExist:
        return None


def scope_path(user) -> str | None:
    """Path prefix of everything the user may see, or None for nothing."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return ALL
    profile = _profile(user)
    return profile.scope.path if profile else None


def within_scope(queryset, user, path_field: str = "path"):
    """``queryset`` limited to the user's subtree, through the organization path at ``path_field``.

    Every model's ``visible_to`` is this one filter, so scoping lives here only.
    """
    path = scope_path(user)
    if path is None:
        return queryset.none()
    return queryset.filter(**{f"{path_field}__startswith": path})


def scope_root(user):
    """The organization node the user's view of the tree starts at (None: the whole forest)."""
    profile = _profile(user)
    return profile.scope if profile else None


def can_write(user) -> bool:
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    profile = _profile(user)
    return profile is not None and profile.role == Role.TOWNSHIP_STAFF


def require_write(user) -> None:
    if not can_write(user):
        raise PermissionDenied("您的账号只能查看，不能修改乡镇数据。")


def can_review(user) -> bool:
    """County reviewers (and administrators) approve and return reports."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    profile = _profile(user)
    return profile is not None and profile.role == Role.COUNTY_REVIEWER


def require_review(user) -> None:
    if not can_review(user):
        raise PermissionDenied("只有县委组织部审核人员可以审核汇报。")
