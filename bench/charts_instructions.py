"""Instructions one PDF render costs, with and without the charts: a count the machine's load cannot move.

Write the two HTML files once, then count each render under valgrind (about 7 minutes a run) and
subtract the run that renders nothing after the warm-up:

.venv/bin/python bench/charts.py --html /tmp/charts-html      # plain.html and with-charts.html
for counted in "0 0" "1 0" "0 1"; do
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
    .venv/bin/python bench/charts_instructions.py /tmp/charts-html $counted 2>&1 | grep "I *refs"
done

"1 0" − "0 0" is the report without charts, "0 1" − "0 0" the same with them. Each process first
renders both once (fonts, stylesheet, first-use caches), outside what the subtraction keeps.
"""

import gc
import sys
from pathlib import Path

from setup import django_setup


def main(folder: str, plain_renders: str, chart_renders: str) -> None:
    django_setup()
    from reports.renderers.pdf import write_pdf

    plain = (Path(folder) / "plain.html").read_text(encoding="utf-8")
    charts = (Path(folder) / "with-charts.html").read_text(encoding="utf-8")
    write_pdf(plain), write_pdf(charts)
    for html, count in ((plain, plain_renders), (charts, chart_renders)):
        for _ in range(int(count)):
            gc.collect()
            write_pdf(html)


if __name__ == "__main__":
    main(*sys.argv[1:4])
