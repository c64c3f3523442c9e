"""Drive a running server like a browser: log in as the demo user and fetch real pages.

    python .ci/smoke.py http://127.0.0.1:8123            check login page, static file, report PDF
    python .ci/smoke.py http://127.0.0.1:8123 --session  print the session cookie and a report's path

Standard library only (urllib), so it runs before or without the project's
requirements. Exits non-zero with the reason on the first failed check.
"""

import gzip
import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

USER, PASSWORD = "xiang", "demo-pass-2026"


class Site:
    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, **headers):
        request = urllib.request.Request(self.base + path, headers=headers)
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read(), response.url

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)

    def login(self) -> str:
        """Log in through the form (CSRF token from the page and cookie); return the login page's HTML."""
        status, headers, body, _ = self.get("/accounts/login/")
        check(status == 200, f"login page: status {status}")
        check(headers.get_content_type() == "text/html", f"login page: {headers['Content-Type']}")
        html = body.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode({"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(
            self.base + "/accounts/login/", data=data.encode(), headers={"Referer": self.base + "/accounts/login/"}
        )
        with self.opener.open(request, timeout=60) as response:  # follows the redirect to the dashboard
            check(response.status == 200, f"after login: status {response.status}")
            check(response.url == self.base + "/", f"after login: landed on {response.url}, not the dashboard")
        return html

    def report_path(self) -> str:
        _, _, body, _ = self.get("/reports/")
        match = re.search(r'href="(/reports/\d+/)"', body.decode())
        check(match is not None, "reports index: no report listed (was seed_demo --with-report run?)")
        return match.group(1)


def check(ok: bool, message: str) -> None:
    if not ok:
        print(f"FAILED: {message}")
        sys.exit(1)


def smoke(site: Site) -> None:
    html = site.login()
    print("login page: 200 text/html; logged in as", USER)

    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html)
    check(stylesheet is not None, "login page links no hashed /static/css/app.<hash>.css")
    status, headers, body, _ = site.get(stylesheet.group(1), **{"Accept-Encoding": "gzip"})
    check(status == 200, f"static file: status {status}")
    check(headers.get_content_type() == "text/css", f"static file: {headers['Content-Type']}")
    check(headers.get("Content-Encoding") == "gzip", "static file: not served gzipped")
    check("immutable" in headers.get("Cache-Control", ""), f"static file: Cache-Control {headers['Cache-Control']}")
    check(b"{" in gzip.decompress(body), "static file: not CSS")
    print(f"static file {stylesheet.group(1)}: 200 text/css, gzip, {headers['Cache-Control']}")

    report = site.report_path()
    status, headers, body, _ = site.get(report + "download/pdf/")
    check(status == 200, f"report PDF: status {status}")
    check(headers.get_content_type() == "application/pdf", f"report PDF: {headers['Content-Type']}")
    check(body.startswith(b"%PDF-"), "report PDF: body is not a PDF")
    print(f"report PDF {report}download/pdf/: 200 application/pdf, {len(body):,} bytes")


def main() -> None:
    site = Site(sys.argv[1])
    if "--session" in sys.argv:
        site.login()
        print(f"sessionid={site.cookie('sessionid')}; csrftoken={site.cookie('csrftoken')}")
        print(site.report_path())
    else:
        smoke(site)


if __name__ == "__main__":
    main()
