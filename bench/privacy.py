"""How many digits of members' ID and phone numbers are visible anywhere but the edit form?

Builds the demo county (seed_demo --with-report), then reads as 清水乡's clerk every page
reachable by links, as the county reviewer and the administrator the audit log (every
page), and as the administrator the member and log-entry admin lists; downloads the
report's PDF and Excel workbook. Prints the longest run of consecutive digits of any
member's ID or phone number found, and how many members have 8 or more visible.

.venv/bin/python bench/privacy.py
"""

import io
import re
import subprocess
import tempfile
import time

from setup import django_setup

SKIP = re.compile(r"/(pdf|xlsx|zip)/|\.(pdf|xlsx)$|/logout|^/static/|/members/\d+/edit/|/admin/")


def runs_of(text: str, min_len: int = 6) -> set[str]:
    """Every substring (length ≥ min_len) of every run of digits in ``text``, spaces ignored."""
    out = set()
    for run in re.findall(rf"\d{{{min_len},}}", re.sub(r"\s", "", text)):
        for k in range(min_len, len(run) + 1):
            out.update(run[i : i + k] for i in range(len(run) - k + 1))
    return out


def crawl(client, starts: list[str], visible: set[str], limit: int = 5000) -> int:
    queue, seen = list(starts), set()
    while queue and len(seen) < limit:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        visible |= runs_of(html)
        for link in re.findall(r'href="(/[^"#]*)"', html):
            link = link.replace("&amp;", "&")
            if not SKIP.search(link):
                queue.append(link)
    return len(seen)


def main() -> None:
    where = django_setup()
    import openpyxl
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from organizations.models import Member
    from reports.models import Report

    started = time.perf_counter()
    call_command("seed_demo", "--with-report", verbosity=0)
    visible: set[str] = set()
    clients = {}
    for name in ("xiang", "xian", "admin"):
        clients[name] = Client()
        clients[name].force_login(User.objects.get(username=name))
    pages = crawl(clients["xiang"], [reverse("dashboard"), reverse("member_list") + "?status=all"], visible)
    pages += crawl(clients["xian"], [reverse("audit_log")], visible)
    for url in ("admin:organizations_member_changelist", "admin:auditlog_logentry_changelist"):
        visible |= runs_of(clients["admin"].get(reverse(url)).content.decode())
        pages += 1
    report = Report.objects.filter(township__name="清水乡").first()
    workbook = openpyxl.load_workbook(
        io.BytesIO(clients["xiang"].get(reverse("report_xlsx", args=[report.pk])).content)
    )
    visible |= runs_of(" ".join(str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row))
    pdf = clients["xiang"].get(reverse("report_pdf", args=[report.pk])).content
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        visible |= runs_of(subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True).stdout)

    members = list(Member.objects.values_list("id_number", "phone"))
    longest, exposed = 0, 0
    for id_number, phone in members:
        member_longest = 0
        for secret in (id_number or "", re.sub(r"\s", "", phone or "")):
            for k in range(len(secret), member_longest, -1):
                if any(secret[i : i + k] in visible for i in range(len(secret) - k + 1)):
                    member_longest = k
                    break
        longest = max(longest, member_longest)
        exposed += member_longest >= 8
    print(f"database: {where}")
    print(
        f"members: {len(members)}, with ID number: {sum(1 for i, _ in members if i)}, with phone: {sum(1 for _, p in members if p)}"
    )
    print(f"pages read: {pages} + Excel workbook + PDF ({time.perf_counter() - started:.0f} s)")
    print(f"longest run of consecutive digits of a member's ID or phone number visible: {longest}")
    print(f"members with 8 or more consecutive digits visible: {exposed}")


if __name__ == "__main__":
    main()
