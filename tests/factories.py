"""Plain functions that build test data. No factory library: the models are small."""

import datetime
import itertools

from django.contrib.auth.models import User

from accounts.models import Profile, Role
from organizations.models import Category, Education, Gender, Level, Member, Occupation, Organization, Village

PASSWORD = "test-pass-2026"
_names = itertools.count(1)


def make_org(parent, level=Level.BRANCH, name=None, category=Category.RURAL, **extra) -> Organization:
    return Organization.objects.create(
        parent=parent, level=level, name=name or f"第{next(_names)}党支部", category=category, **extra
    )


def make_member(organization, **fields) -> Member:
    defaults = {
        "name": f"党员{next(_names)}",
        "gender": Gender.MALE,
        "birth_date": datetime.date(1980, 5, 1),
        "education": Education.HIGH_SCHOOL,
        "occupation": Occupation.FARMER,
        "joined_on": datetime.date(2010, 7, 1),
        "full_on": datetime.date(2011, 7, 1),
    }
    defaults.update(fields)
    return Member.objects.create(organization=organization, **defaults)


def make_user(username, role=None, scope=None, **fields) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, **fields)
    if role:
        Profile.objects.create(user=user, role=role, scope=scope)
    return user


def make_village(township, name=None, groups=()) -> Village:
    village = Village.objects.create(township=township, name=name or f"第{next(_names)}村委会")
    for group in groups:
        village.groups.create(name=group)
    return village


__all__ = ["PASSWORD", "Role", "make_member", "make_org", "make_user", "make_village"]
