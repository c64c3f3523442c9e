"""Serving the report PDF: rendered once per fingerprint, re-rendered on any change, renders bounded."""

import datetime
import subprocess
import sys

import pytest
from django.urls import reverse

from reports.models import Report
from reports.pdf_delivery import RenderBusy, render_slot
from reports.renderers import pdf as pdf_renderer
from tests.factories import make_member
from tests.pdf_tools import pdf_text

DAY = datetime.date(2020, 11, 15)


@pytest.fixture
def report(township, branch):
    make_member(branch, joined_on=datetime.date(2000, 7, 1), full_on=datetime.date(2001, 7, 1))
    return Report.objects.create(
        township=township,
        year=2020,
        as_of=DAY,
        title="甲乡2020年基层党建工作情况汇报",
        issuer="中共甲乡委员会",
        issued_on=DAY,
        opening="今年以来，乡党委狠抓落实。",
    )


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDFs actually rendered (not served from the cache)."""
    calls = []
    real = pdf_renderer.write_pdf

    def counting(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr("reports.pdf_delivery.write_pdf", counting)
    return calls


def download(client, report):
    return client.get(reverse("report_download", args=[report.pk, "pdf"]))


def test_repeated_downloads_of_an_unchanged_report_render_it_once(staff_client, report, renders):
    first, second = download(staff_client, report), download(staff_client, report)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.content == second.content
    assert len(renders) == 1


def test_a_changed_narrative_is_rendered_again(staff_client, report, renders):
    before = download(staff_client, report).content
    report.opening = "今年以来，乡党委聚焦重点任务。"
    report.save()
    after = download(staff_client, report).content
    assert len(renders) == 2
    assert "今年以来，乡党委狠抓落实。" in pdf_text(before)
    assert "今年以来，乡党委聚焦重点任务。" in pdf_text(after)


def test_a_change_to_the_townships_data_is_rendered_again(staff_client, report, branch, renders):
    before = download(staff_client, report).content
    make_member(branch, joined_on=datetime.date(2010, 7, 1), full_on=datetime.date(2011, 7, 1))
    after = download(staff_client, report).content
    assert len(renders) == 2
    assert "全乡共有党员1名" in pdf_text(before)
    assert "全乡共有党员2名" in pdf_text(after)


@pytest.fixture
def fresh_resources():
    pdf_renderer._resources.cache_clear()
    yield
    pdf_renderer._resources.cache_clear()


def test_a_change_to_the_layout_is_rendered_again(
    staff_client, report, renders, monkeypatch, tmp_path, fresh_resources
):
    before = download(staff_client, report).content
    changed = tmp_path / "pdf.css"
    changed.write_text(pdf_renderer.PDF_CSS.read_text() + "\n.gw-title { font-size: 26pt; }\n")
    monkeypatch.setattr(pdf_renderer, "PDF_CSS", changed)
    pdf_renderer._resources.cache_clear()
    after = download(staff_client, report).content
    assert len(renders) == 2
    assert before != after


def test_with_every_slot_taken_a_download_answers_503_and_asks_to_retry(staff_client, report, renders, settings):
    settings.PDF_RENDER_SLOTS = 1
    with render_slot():
        response = download(staff_client, report)
    assert response.status_code == 503
    assert response["Retry-After"] == "3"
    assert "正在生成，请稍候" in response.content.decode()
    assert renders == []
    assert download(staff_client, report).status_code == 200


def test_a_pdf_in_the_cache_is_served_while_every_slot_is_taken(staff_client, report, renders, settings):
    settings.PDF_RENDER_SLOTS = 1
    first = download(staff_client, report)
    with render_slot():
        second = download(staff_client, report)
    assert second.status_code == 200
    assert second.content == first.content
    assert len(renders) == 1


def test_the_rollup_pdf_answers_503_too_when_every_slot_is_taken(reviewer_client, report, settings):
    settings.PDF_RENDER_SLOTS = 1
    with render_slot():
        response = reviewer_client.get(reverse("rollup_pdf", args=[2020]))
    assert response.status_code == 503
    assert "正在生成，请稍候" in response.content.decode()


def test_the_official_rollup_pdf_answers_503_too_when_every_slot_is_taken(reviewer_client, report, settings):
    settings.PDF_RENDER_SLOTS = 1
    with render_slot():
        response = reviewer_client.get(reverse("rollup_official_pdf", args=[2020]))
    assert response.status_code == 503
    assert "正在生成，请稍候" in response.content.decode()


def test_two_slots_allow_two_renders_and_no_third(settings):
    settings.PDF_RENDER_SLOTS = 2
    with render_slot(), render_slot(), pytest.raises(RenderBusy), render_slot():
        pass
    with render_slot():
        pass


def test_a_slot_held_by_another_process_is_taken(settings):
    settings.PDF_RENDER_SLOTS = 1
    slot_dir = settings.PDF_RENDER_SLOT_DIR
    slot_dir.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"f = open({str(slot_dir / 'slot-0.lock')!r}, 'a+b')\n"
            "fcntl.flock(f, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(RenderBusy), render_slot():
            pass
    finally:
        holder.kill()
        holder.wait()
    with render_slot():  # the kernel released the dead worker's slot
        pass
