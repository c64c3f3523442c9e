import datetime

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import scoped
from accounts.scoping import scope_root, visible
from organizations.models import Level, Organization
from reports.formats import FORMATS, file_name, file_response
from reports.pdf_delivery import RenderBusy, busy_response
from reports.renderers.xlsx import render_table_xlsx
from reports.rollup import COLUMN_KEYS, county_rollup, rollup_document, rollup_table


def _rollup(request, year: int):
    today = timezone.localdate()
    default = min(today, datetime.date(year, 12, 31))
    day = default
    if raw := request.GET.get("as_of"):
        try:
            day = datetime.date.fromisoformat(raw)
        except ValueError:
            messages.error(request, f"统计截止日期格式不对：{raw}，已按{default}统计。")
        else:
            if day.year != year:
                messages.error(request, f"统计截止日期必须在{year}年之内，已按{default}统计。")
                day = default
    root = scope_root(request.user)
    name = root.name if root is not None and root.level == Level.COUNTY else (root.name if root else "全部")
    townships = visible(Organization, request.user).townships()
    return county_rollup(townships, title=f"{name}{year}年乡镇基层党建工作汇总", year=year, day=day), name


@scoped()
def rollup_page(request, year: int):
    rollup, _ = _rollup(request, year)
    sort = request.GET.get("sort", "")
    descending = request.GET.get("dir", "desc") != "asc"
    rows = rollup.sorted_by(sort, descending) if sort in COLUMN_KEYS else rollup.rows
    context = {
        "rollup": rollup,
        "rows": [(row, [column.value(row) for column in rollup.columns]) for row in rows],
        "total": [column.value(rollup.total) for column in rollup.columns],
        "sort": sort,
        "descending": descending,
        "year": year,
    }
    return render(request, "reports/rollup.html", context)


@scoped()
def rollup_xlsx(request, year: int):
    rollup, _ = _rollup(request, year)
    output = FORMATS["xlsx"]
    body = render_table_xlsx("乡镇汇总", rollup_table(rollup, rollup.rows))
    return file_response(body, output, file_name(rollup.title, output))


@scoped()
def rollup_pdf(request, year: int):
    rollup, name = _rollup(request, year)
    output = FORMATS["pdf"]
    try:
        body = output.render(rollup_document(rollup, issuer=f"中共{name}委员会组织部"))
    except RenderBusy:
        return busy_response(request)
    return file_response(body, output, file_name(rollup.title, output))
