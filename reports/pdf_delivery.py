"""Serving PDFs: a rendered file is kept by fingerprint, and only a few renders run at once.

Caching. A PDF is stored in a cache (pdf_cache) under the fingerprint of everything it is made
from (reports.renderers.pdf.pdf_fingerprint: the HTML, which carries every figure, the
narrative and the template's work, plus the stylesheet and the renderer's versions). An
unchanged report is served from the cache; any change to the township's data, the narrative
or the layout gives another fingerprint, so a stale file is never served. The document is
still built for every download (about 25 ms): that is how a change is seen.

Bounding renders. A 15-page report takes a core for most of a second. With sync workers,
20 downloads at once held every worker and every other page waited (issue 14). A render
therefore needs one of a few slots, shared by all worker processes on the machine (a
non-blocking ``flock`` on one of N files; the kernel frees a slot if its worker dies). With
no slot free, the request answers at once with 503, 「正在生成，请稍候」 and Retry-After
instead of queueing in a worker, so the other workers stay free for pages; the page
retries by itself, and by then the file is usually in the cache. Slots: the setting
``PDF_RENDER_SLOTS`` (environment DANGJIAN_PDF_RENDERS), by default half the cores, at
least 1: on 2 cores one render at a time leaves a core for everything else.
"""

import contextlib
import fcntl
import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.template.loader import render_to_string

from reports.document import ReportDocument
from reports.renderers.html import render_html
from reports.renderers.pdf import pdf_fingerprint, write_pdf

CACHE_SECONDS = 7 * 24 * 3600
RETRY_AFTER_SECONDS = 3
# Without a "pdf" entry in CACHES, PDFs are kept in this worker's memory, at most 40 of them
# (a 15-page report is about 0.5 MB: 20 MB a worker). Django's default cache would keep 300.
# Several servers: configure CACHES["pdf"] (Redis, say) and they share the files.
LOCAL_ENTRIES = 40
_local_cache = LocMemCache("dangjian-pdf", {"TIMEOUT": CACHE_SECONDS, "OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES}})


def pdf_cache():
    return caches["pdf"] if "pdf" in settings.CACHES else _local_cache


class RenderBusy(Exception):
    """Every render slot is taken: try again in a moment."""


def render_slots() -> int:
    configured = str(getattr(settings, "PDF_RENDER_SLOTS", None) or os.environ.get("DANGJIAN_PDF_RENDERS", ""))
    if configured.isascii() and configured.isdigit():
        return max(1, int(configured))
    return max(1, (os.cpu_count() or 2) // 2)


def _slot_dir() -> Path:
    configured = getattr(settings, "PDF_RENDER_SLOT_DIR", None)
    if configured:
        return Path(configured)
    # One set of slots per installation (its workers share them), in the system's temp dir.
    tag = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"dangjian-pdf-slots-{tag}"


@contextlib.contextmanager
def render_slot():
    """Hold one render slot for the block, or raise RenderBusy at once if all are taken."""
    directory = _slot_dir()
    directory.mkdir(parents=True, exist_ok=True)
    for number in range(render_slots()):
        handle = open(directory / f"slot-{number}.lock", "a+b")  # noqa: SIM115 (held across the yield)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
        return
    raise RenderBusy


def cached_pdf(document: ReportDocument) -> bytes:
    """The document's PDF: from the cache if this exact document was rendered, else rendered in a slot."""
    html = render_html(document, for_pdf=True)
    key = f"report-pdf:{pdf_fingerprint(html)}"
    body = pdf_cache().get(key)
    if body is None:
        with render_slot():
            body = write_pdf(html)
        pdf_cache().set(key, body, CACHE_SECONDS)
    return body


def busy_response(request) -> HttpResponse:
    response = HttpResponse(
        render_to_string("reports/pdf_busy.html", {"retry": RETRY_AFTER_SECONDS}, request=request), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
