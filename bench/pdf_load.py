"""20 PDF downloads at once under gunicorn (3 sync workers): what the rest of the site feels meanwhile.

.venv/bin/python bench/pdf_load.py                 # render slots as configured (default: cores // 2)
DANGJIAN_PDF_RENDERS=100 .venv/bin/python bench/pdf_load.py   # effectively unbounded, as before

Needs gunicorn. Seeds the demo into a fresh SQLite file, gives 清水乡 20 reports (2001–2020,
so that no two downloads are the same file and the cache cannot help), starts gunicorn with
3 sync workers, then fires the 20 downloads at once while one client keeps fetching the
dashboard and the member list. A download answered 503 waits its Retry-After and asks again,
as the page does. Prints the other pages' p50 / p99 / max, and when the last PDF arrived.
"""

import concurrent.futures
import datetime
import io
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from setup import ROOT, django_setup

DOWNLOADS = 20
WORKERS = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, cookie: str) -> tuple[int, float, dict]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            return response.status, time.perf_counter() - start, dict(response.headers)
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, time.perf_counter() - start, dict(error.headers)


def main():
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
    django_setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from organizations.models import Organization
    from reports.services import report_create

    call_command("seed_demo", "--with-report", stdout=io.StringIO())
    township = Organization.objects.get(name="清水乡")
    reports = []
    for year in range(2001, 2021):
        report = township.reports.filter(year=year).first()
        if report is None:
            report = report_create(township=township, year=year, today=datetime.date(year, 11, 15))
        reports.append(report)

    user = User.objects.get(username="xiang")
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    cookie = f"sessionid={session.session_key}"

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dangjian.wsgi", f"--workers={WORKERS}", f"--bind=127.0.0.1:{port}"]
        + ["--timeout=300", "--log-level=warning"],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if fetch(f"{base}/", cookie)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        # Warm every worker (imports, fonts) before measuring.
        for _ in range(WORKERS * 2):
            fetch(f"{base}/reports/{reports[0].pk}/pdf/", cookie)

        done = threading.Event()
        page_times, page_errors = [], []

        def browse():
            pages = [f"{base}/", f"{base}/members/"]
            i = 0
            while not done.is_set():
                status, seconds, _ = fetch(pages[i % 2], cookie)
                (page_times if status == 200 else page_errors).append(seconds)
                i += 1
                time.sleep(0.05)

        def download(report) -> tuple[float, int]:
            start, busy = time.perf_counter(), 0
            while True:
                status, _, headers = fetch(f"{base}/reports/{report.pk}/pdf/", cookie)
                if status != 503:
                    # A redirect to the login page would also end in 200: check that a PDF came.
                    assert status == 200 and headers.get("Content-Type") == "application/pdf", (status, headers)
                    return time.perf_counter() - start, busy
                busy += 1
                time.sleep(int(headers.get("Retry-After", "3")))

        browser = threading.Thread(target=browse)
        start = time.perf_counter()
        browser.start()
        with concurrent.futures.ThreadPoolExecutor(DOWNLOADS) as pool:
            results = list(pool.map(download, reports[:DOWNLOADS]))
        last_pdf = time.perf_counter() - start
        done.set()
        browser.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()

    page_times.sort()
    slots = os.environ.get("DANGJIAN_PDF_RENDERS", f"default ({max(1, (os.cpu_count() or 2) // 2)})")
    print(f"render slots: {slots}; {WORKERS} sync workers; {DOWNLOADS} different PDFs at once")
    print(f"last PDF after {last_pdf:.1f} s; 503 answers: {sum(busy for _, busy in results)}")
    print(
        f"other pages meanwhile: {len(page_times)} requests, p50 {statistics.median(page_times) * 1000:.0f} ms, "
        f"p99 {page_times[int(len(page_times) * 0.99)] * 1000:.0f} ms, max {page_times[-1] * 1000:.0f} ms, "
        f"errors {len(page_errors)}"
    )


if __name__ == "__main__":
    main()
