"""What a user may see and do. Every view and queryset asks here, nowhere else.

A user's scope is one node of the organization tree (their township, or their
county for reviewers); they see that node's subtree. Administrators
(superusers) see everything. Township staff write inside their scope; county
reviewers only read.

Each model's queryset knows its own way to the tree (``InTreeQuerySet.tree_path``);
this module only knows users, so the dependency runs one way: accounts → organizations.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from accounts.models import Role

ALL = "/"


def _profile(user):
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.profile
    except user._meta.model.profile.RelatedObjectDoesNotExist:
        return None


def _is_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def scope_path(user) -> str | None:
    """Path prefix of everything the user may see, or None for nothing."""
    if _is_admin(user):
        return ALL
    profile = _profile(user)
    return profile.scope.path if profile else None


def visible(queryset, user, *, path_field: str | None = None):
    """``queryset`` (or a model's default manager) limited to the user's subtree.

    The path to the tree is the queryset's own ``tree_path`` unless ``path_field``
    names another (the audit log's entries, which are not our model).
    """
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    path = scope_path(user)
    if path is None:
        return queryset.none()
    if path == ALL:
        return queryset
    return queryset.filter(**{f"{path_field or queryset.tree_path}__startswith": path})


def get_visible_or_404(queryset, user, /, **lookup):
    """The object, if the user may see it; 404 otherwise, never 403: do not reveal that it exists."""
    return get_object_or_404(visible(queryset, user), **lookup)


def scope_root(user):
    """The organization node the user's view of the tree starts at (None: the whole forest)."""
    profile = _profile(user)
    return profile.scope if profile else None


def can_write(user) -> bool:
    if _is_admin(user):
        return True
    profile = _profile(user)
    return profile is not None and profile.role == Role.TOWNSHIP_STAFF


def require_write(user) -> None:
    if not can_write(user):
        raise PermissionDenied("您的账号只能查看，不能修改乡镇数据。")


def can_review(user) -> bool:
    """County reviewers (and administrators) approve and return reports."""
    if _is_admin(user):
        return True
    profile = _profile(user)
    return profile is not None and profile.role == Role.COUNTY_REVIEWER


def require_review(user) -> None:
    if not can_review(user):
        raise PermissionDenied("只有县委组织部审核人员可以审核汇报。")
