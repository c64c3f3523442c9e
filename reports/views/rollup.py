import datetime

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import scoped
from accounts.scoping import scope_root, visible
from dangjian.dates import year_day
from organizations.models import Organization
from reports.formats import FORMATS, file_name, file_response
from reports.official_rollup import BASES, official_document, official_rollup
from reports.pdf_delivery import RenderBusy, busy_response
from reports.renderers.xlsx import render_table_xlsx
from reports.rollup import COLUMN_KEYS, Rollup, county_rollup, rollup_document, rollup_table, townships_table
from reports.sentences import county_word
from reports.todo import review_years


def _rollup(request, year: int):
    default = year_day(year, timezone.localdate())
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
    name, whole, townships = _scope(request)
    title = f"{name}{year}年乡镇基层党建工作汇总"
    return county_rollup(townships, title=title, year=year, day=day, whole=whole), name


def _scope(request):
    """The name of what the user reviews, how the text names it as a whole, and its townships."""
    townships = visible(Organization, request.user).townships()
    root = scope_root(request.user)
    if root is None:  # an administrator: named for the county when every township is in one
        counties = list(Organization.objects.filter(pk__in=townships.values("parent")).distinct()[:2])
        if len(counties) != 1:
            return "全部", "全部", townships
        root = counties[0]
    return root.name, f"全{county_word(root.name)}", townships


def _official(request, year: int):
    basis = request.GET.get("basis", "submitted")
    if basis not in BASES:
        messages.error(request, f"没有这种汇总口径：{basis}，已按{BASES['submitted']}汇总。")
        basis = "submitted"
    name, whole, townships = _scope(request)
    title = f"{name}{year}年乡镇基层党建工作汇总（报送数）"
    return official_rollup(townships, title=title, year=year, basis=basis, whole=whole), name


def _page_context(request, rollup: Rollup, year: int) -> dict:
    sort = request.GET.get("sort", "")
    descending = request.GET.get("dir", "desc") != "asc"
    rows = rollup.sorted_by(sort, descending) if sort in COLUMN_KEYS else rollup.rows
    return {
        "rollup": rollup,
        "rows": [(row, [column.value(row) for column in rollup.columns]) for row in rows],
        "total": [column.value(rollup.total) for column in rollup.columns],
        "sort": sort,
        "descending": descending,
        "year": year,
        "chart_table": townships_table(rollup),
        "years": review_years(request.user, timezone.localdate().year),
    }


@scoped()
def rollup_page(request, year: int):
    rollup, _ = _rollup(request, year)
    return render(request, "reports/rollup.html", _page_context(request, rollup, year) | {"url_name": "rollup"})


@scoped()
def rollup_xlsx(request, year: int):
    rollup, _ = _rollup(request, year)
    output = FORMATS["xlsx"]
    body = render_table_xlsx("乡镇汇总", rollup_table(rollup, rollup.rows))
    return file_response(body, output, file_name(rollup.title, output))


def _pdf_response(request, document, title: str):
    """A roll-up document as a PDF download, or 503 while every render slot is taken."""
    output = FORMATS["pdf"]
    try:
        body = output.render(document)
    except RenderBusy:
        return busy_response(request)
    return file_response(body, output, file_name(title, output))


@scoped()
def rollup_pdf(request, year: int):
    rollup, name = _rollup(request, year)
    return _pdf_response(request, rollup_document(rollup, issuer=f"中共{name}委员会组织部"), rollup.title)


@scoped()
def rollup_official_page(request, year: int):
    """The roll-up of what the townships submitted, each row saying which version and date."""
    official, _ = _official(request, year)
    context = _page_context(request, official.rollup, year) | {
        "official": official,
        "bases": BASES,
        "url_name": "rollup_official",
    }
    return render(request, "reports/rollup.html", context)


@scoped()
def rollup_official_xlsx(request, year: int):
    official, _ = _official(request, year)
    output = FORMATS["xlsx"]
    table = rollup_table(official.rollup, official.rollup.rows)
    # The source of each row right after the township's name; the totals row has none.
    table.title = f"{official.rollup.title}（{official.basis_label}）"
    table.header.insert(1, "数据来源")
    for row, figures in zip(table.rows, [*official.rollup.rows, official.rollup.total], strict=True):
        row.insert(1, figures.source)
    body = render_table_xlsx("乡镇汇总（报送数）", table)
    return file_response(body, output, file_name(official.rollup.title, output))


@scoped()
def rollup_official_pdf(request, year: int):
    official, name = _official(request, year)
    document = official_document(official, issuer=f"中共{name}委员会组织部")
    return _pdf_response(request, document, official.rollup.title)
