"""The member list of a 3,000-member township, one request at a time (target ≤ 40 ms).

.venv/bin/python bench/members.py                 # fresh SQLite in a temp dir
DATABASE_URL=postgres://… .venv/bin/python bench/members.py

Prints wall time (median of 20) and the mean CPU time per request of this process and
its PostgreSQL backend: on a machine shared with other work the steadier figure.
"""

import statistics
import time

from setup import cpu_seconds, django_setup, make_township

MEMBERS = 3000


def main():
    database = django_setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import Profile, Role
    from organizations.models import Category, Level, Organization

    township = Organization.objects.filter(name="三千人乡").first()
    if township is None:
        county = Organization.objects.create(name="成员基准县", level=Level.COUNTY, category=Category.GENERAL)
        township = make_township(county, "三千人乡", MEMBERS, seed=3)
    staff, created = User.objects.get_or_create(username="bench-members")
    if created:
        Profile.objects.create(user=staff, role=Role.TOWNSHIP_STAFF, scope=township)
    client = Client()
    client.force_login(staff)
    branch = Organization.objects.filter(path__startswith=township.path, level=Level.BRANCH).order_by("path")[3]
    print(f"database: {database}; {township.name}: {township.path}")
    print(f"{'page':<48} {'wall ms':>8} {'cpu ms':>7} {'queries':>8}")
    for label, url in [
        ("member list, page 1", reverse("member_list")),
        ("member list, page 30, by joining date", reverse("member_list") + "?sort=-joined_on&page=30"),
        ("member list, one branch, women", reverse("member_list") + f"?organization={branch.pk}&gender=F"),
        ("member list, name search", reverse("member_list") + "?q=党员12"),
    ]:
        for _ in range(3):
            assert client.get(url).status_code == 200
        wall, start_cpu = [], cpu_seconds()
        for _ in range(20):
            start = time.perf_counter()
            client.get(url)
            wall.append((time.perf_counter() - start) * 1000)
        cpu = (cpu_seconds() - start_cpu) * 1000 / 20  # a mean: the backend's clock ticks in 10 ms steps
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        print(f"{label:<48} {statistics.median(wall):>8.1f} {cpu:>7.1f} {len(captured):>8}")


if __name__ == "__main__":
    main()
