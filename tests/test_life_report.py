"""Development and organizational life in the report: 长岭乡 (2023) and 清水乡 (2020) of the demo, in the
HTML, the PDF text and the workbook, against a recount done here in plain loops over the rows."""

import datetime
import io
from collections import defaultdict

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from activities.models import Meeting, Training
from development.models import ProbationChange, StepRecord
from organizations.models import Level, Member, Organization
from reports.document import build_document
from reports.renderers.html import render_html
from reports.renderers.pdf import render_pdf
from reports.renderers.xlsx import render_xlsx
from reports.services import report_create
from tests.factories import make_member
from tests.pdf_tools import pdf_text
from tests.recount import percent

QINGSHUI_DAY = datetime.date(2020, 11, 15)
CHANGLING_DAY = datetime.date(2023, 12, 31)
KINDS = ["支部党员大会", "支部委员会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议党员"]


def recount(township: Organization, day: datetime.date) -> dict:
    """Every figure from the rows, without the app's figures code."""
    start = datetime.date(day.year, 1, 1)
    steps: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    for candidate_id, number, done_on in StepRecord.objects.filter(
        candidate__organization__path__startswith=township.path
    ).values_list("candidate_id", "number", "done_on"):
        steps[candidate_id][number] = done_on
    extended = {
        c: months
        for c, kind, months in ProbationChange.objects.filter(
            candidate__organization__path__startswith=township.path
        ).values_list("candidate_id", "kind", "months")
        if kind == "extended"
    }
    stage = {}
    for c, dates in steps.items():
        done = [n for n, d in dates.items() if d <= day]
        stage[c] = max(done) if done else 0
    out = {
        "applicants": sum(1 <= s <= 2 for s in stage.values()),
        "activists": sum(3 <= s <= 6 for s in stage.values()),
        "targets": sum(7 <= s <= 14 for s in stage.values()),
        "admitted": sum(start <= d.get(15, datetime.date.min) <= day for d in steps.values()),
    }
    on_time = 0
    for c, d in steps.items():
        if 23 in d and start <= d[23] <= day and c not in extended:
            admitted = d[15]
            due = admitted.replace(year=admitted.year + 1)
            month_later = due.replace(month=due.month % 12 + 1, year=due.year + (due.month == 12))
            on_time += d[23] <= month_later
    out["converted_on_time"] = on_time
    trainings = list(Training.objects.filter(township=township, start_on__gte=start, start_on__lte=day))
    person_times, sessions, trained = 0, 0, set()
    for t in trainings:
        chosen = list(t.participants.all())
        sessions += t.sessions
        person_times += (
            t.person_times if t.person_times is not None else (len(chosen) or t.participant_count) * t.sessions
        )
        trained |= {m.pk for m in chosen if m.joined_on <= day and (m.left_on is None or m.left_on > day)}
    members = [
        m
        for m in Member.objects.filter(organization__path__startswith=township.path)
        if m.joined_on <= day and (m.left_on is None or m.left_on > day)
    ]
    out |= {
        "sessions": sessions,
        "person_times": person_times,
        "trained": len(trained),
        "members": len(members),
        "coverage": percent(len(trained), len(members)),
    }
    meetings = Meeting.objects.filter(
        organization__path__startswith=township.path, held_on__gte=start, held_on__lte=day
    )
    labels = dict(
        zip(
            ["general_meeting", "committee", "group", "lecture", "theme_day", "life_meeting", "evaluation"],
            KINDS,
            strict=True,
        )
    )
    counts = defaultdict(int)
    for kind in meetings.values_list("kind", flat=True):
        counts[labels[kind]] += 1
    out["meetings"] = dict(counts)
    out["meeting_rows"] = sum(counts.values())
    return out


def outputs(name: str, year: int, day: datetime.date) -> dict:
    township = Organization.objects.get(name=name, level=Level.TOWNSHIP)
    report = report_create(township=township, year=year, today=day)
    report.as_of = report.issued_on = day
    report.save()
    document = build_document(report, registers=True)
    return {
        "html": render_html(document),
        "pdf": pdf_text(render_pdf(document)),
        "xlsx": openpyxl.load_workbook(io.BytesIO(render_xlsx(document))),
        "recount": recount(township, day),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo seeded and both reports rendered once for the module (rendering is the slow part)."""
    with django_db_blocker.unblock():
        from django.db import connection, transaction

        with transaction.atomic():
            call_command("seed_demo", stdout=io.StringIO())
            out = {
                "长岭乡": outputs("长岭乡", 2023, CHANGLING_DAY),
                "清水乡": outputs("清水乡", 2020, QINGSHUI_DAY),
            }
            transaction.set_rollback(True)
        connection.close()
    return out


def flat(html: str) -> str:
    import re

    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_changling_recount_matches_the_2023_seed(demo):
    r = demo["长岭乡"]["recount"]
    assert (r["applicants"], r["activists"], r["targets"], r["admitted"]) == (6, 9, 2, 6)
    assert (r["sessions"], r["person_times"]) == (2, 438)


def test_qingshui_recount_matches_the_2020_seed(demo):
    r = demo["清水乡"]["recount"]
    assert (r["activists"], r["admitted"], r["converted_on_time"]) == (20, 13, 25)
    assert (r["sessions"], r["person_times"]) == (3, 223 + 60)


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_changling_sentences_in_html_and_pdf(demo, fmt):
    d = demo["长岭乡"]
    r = d["recount"]
    text = flat(d[fmt]) if fmt == "html" else d[fmt]
    assert (
        f"共有入党申请人{r['applicants']}人，入党积极分子{r['activists']}人，列为发展对象{r['targets']}人，"
        f"2023年发展党员{r['admitted']}人" in text
    )
    assert f"开展培训{r['sessions']}期，培训党员{r['person_times']}人次，覆盖率达到{r['coverage']}" in text
    counts = "，".join(f"{k}{r['meetings'][k]}次" for k in KINDS if r["meetings"].get(k))
    assert f"2023年各党支部共召开{counts}" in text
    assert "主题党日缺3月" in text  # the demo's second branch skipped March


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_qingshui_sentences_in_html_and_pdf(demo, fmt):
    d = demo["清水乡"]
    r = d["recount"]
    text = flat(d[fmt]) if fmt == "html" else d[fmt]
    assert f"入党积极分子{r['activists']}人" in text
    assert f"2020年发展党员{r['admitted']}人，按期转正{r['converted_on_time']}名" in text
    assert f"开展培训{r['sessions']}期，培训党员{r['person_times']}人次，覆盖率达到{r['coverage']}" in text


def rows_of(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("name", ["长岭乡", "清水乡"])
def test_the_workbook_carries_the_recounted_figures(demo, name):
    d = demo[name]
    r, workbook = d["recount"], d["xlsx"]
    stats = {row[0]: row[1:] for row in workbook["基本情况统计"].iter_rows(values_only=True) if row and row[0]}
    for label, key in (
        ("入党申请人", "applicants"),
        ("入党积极分子", "activists"),
        ("发展对象", "targets"),
        ("按期转正", "converted_on_time"),
    ):
        assert stats[label][0] == r[key], label
    pipeline = rows_of(workbook["发展党员名册"])
    by_stage = defaultdict(int)
    for row in pipeline:
        by_stage[row[4]] += 1
    assert (by_stage["入党申请人"], by_stage["入党积极分子"], by_stage["发展对象"]) == (
        r["applicants"],
        r["activists"],
        r["targets"],
    )
    trainings = rows_of(workbook["培训班"])
    assert sum(row[6] for row in trainings) == r["person_times"]
    assert sum(row[4] for row in trainings) == r["sessions"]
    assert len(rows_of(workbook["会议台账"])) == r["meeting_rows"]


def test_the_clerk_chooses_whether_the_paragraphs_are_generated(staff_client, township, branch):
    member = make_member(branch)
    training = Training.objects.create(
        township=township, title="培训班", start_on=datetime.date(2020, 5, 1), end_on=datetime.date(2020, 5, 2)
    )
    training.participants.set([member])
    report = report_create(township=township, year=2020, today=QINGSHUI_DAY)
    report.as_of = QINGSHUI_DAY
    report.save()
    sentence = "2020年开展培训1期，培训党员1人次，覆盖率达到100.00%。"
    assert sentence in flat(staff_client.get(reverse("report_preview", args=[report.pk])).content.decode())
    report.development_paragraphs = False
    report.save()
    preview = flat(staff_client.get(reverse("report_preview", args=[report.pk])).content.decode())
    assert sentence not in preview
    assert "2020年党员培训情况" in preview  # the appendix table stays
    edit = flat(staff_client.get(reverse("report_edit", args=[report.pk])).content.decode())
    assert sentence in edit  # offered for the clerk to place in a section


def test_a_years_report_says_the_same_after_later_events_are_recorded(township, branch):
    from development.models import Candidate
    from development.services import candidate_create, candidate_record_step

    member = make_member(branch)
    person = candidate_create(
        candidate=Candidate(
            name="申请人",
            gender="M",
            birth_date=datetime.date(1995, 1, 1),
            education="high_school",
            occupation="farmer",
            organization=branch,
        ),
        applied_on=datetime.date(2020, 3, 1),
        today=datetime.date(2026, 1, 1),
    )
    Meeting.objects.create(organization=branch, kind="theme_day", held_on=datetime.date(2020, 5, 20), topic="t")
    report = report_create(township=township, year=2020, today=QINGSHUI_DAY)
    report.as_of = QINGSHUI_DAY
    report.save()
    before = flat(render_html(build_document(report)))
    assert "共有入党申请人1人" in before and "主题党日1次" in before

    # What happens after the report's date: the person moves on, more meetings and a training.
    for number, day in ((2, datetime.date(2020, 3, 20)), (3, datetime.date(2020, 12, 1))):
        candidate_record_step(candidate=person, number=number, done_on=day, today=datetime.date(2026, 1, 1))
    Meeting.objects.create(organization=branch, kind="theme_day", held_on=datetime.date(2020, 12, 20), topic="t")
    Meeting.objects.create(organization=branch, kind="theme_day", held_on=datetime.date(2021, 1, 20), topic="t")
    Training.objects.create(
        township=township, title="后来的培训", start_on=datetime.date(2021, 3, 1), end_on=datetime.date(2021, 3, 2)
    ).participants.set([member])
    assert flat(render_html(build_document(report))) == before


@pytest.mark.parametrize("name", ["长岭乡", "清水乡"])
def test_the_pipeline_chart_beside_the_development_table_carries_the_recounted_stages(demo, name):
    from lxml import html as lxml_html

    out = demo[name]
    figure = lxml_html.fromstring(out["html"]).xpath(
        '//div[contains(@class, "gw-beside")]//figure[@data-table="发展党员情况"]'
    )
    [svg] = figure[0].xpath('.//*[local-name()="svg"]')
    labels = [t.text for t in svg.xpath('.//*[local-name()="text"]')]
    r = out["recount"]
    for stage, key in (("入党申请人", "applicants"), ("入党积极分子", "activists"), ("发展对象", "targets")):
        assert f"{stage}  {r[key]}" in labels, (stage, labels)
