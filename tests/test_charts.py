"""Charts: the SVG's labels carry the numbers of the table beside them, on the page and in the PDF."""

import datetime
import itertools
import re

import pytest
from django.urls import reverse
from lxml import etree, html

from dangjian.charts import Bar, Series, bar_chart, grouped_bar_chart, line_chart
from reports.document import build_document
from reports.models import Report
from reports.renderers.pdf import SVG_DATA_URL, StaticOnlyFetcher, render_pdf
from tests.factories import make_member
from tests.pdf_tools import pdf_layout, pdf_text

DAY = datetime.date(2020, 11, 15)
MM = 72 / 25.4
SVG = "{http://www.w3.org/2000/svg}"


# The dashboard's and roll-up's chart blocks and the number tables beside them.
CHARTS = '//div[contains(concat(" ", @class, " "), " chart ")]'
NUMBERS = '//table[contains(concat(" ", @class, " "), " chart-numbers ")]'


def table_rows(table) -> list[list[str]]:
    return [[td.text_content() for td in tr.findall("td")] for tr in table.xpath(".//tbody/tr")]


def svg_texts(svg) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


@pytest.fixture
def on_day(monkeypatch):
    """The dashboard shows today's figures: make today DAY, so the ages below are worked out by hand."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: DAY)


@pytest.fixture
def members(branch):
    # 5 members: ages on DAY 25, 30, 40, 40, 61; two 大学本科, three 高中; one 工人.
    for birth, education, occupation in [
        (datetime.date(1995, 1, 1), "bachelor", "farmer"),
        (datetime.date(1990, 1, 1), "bachelor", "worker"),
        (datetime.date(1980, 5, 1), "high_school", "farmer"),
        (datetime.date(1980, 5, 1), "high_school", "farmer"),
        (datetime.date(1959, 1, 1), "high_school", "farmer"),
    ]:
        make_member(branch, birth_date=birth, education=education, occupation=occupation)


def test_every_dashboard_chart_carries_the_numbers_of_its_table(staff_client, members, on_day):
    page = html.fromstring(staff_client.get(reverse("dashboard")).content)
    tables = {t.get("data-table"): t for t in page.xpath(NUMBERS)}
    charts = page.xpath(CHARTS)
    assert {c.get("data-table") for c in charts} == {
        "党员年龄结构",
        "党员学历结构",
        "党员职业结构",
        "近五年党员队伍变化",
    }
    for title in ("党员年龄结构", "党员学历结构", "党员职业结构"):
        [chart] = [c for c in charts if c.get("data-table") == title]
        [svg] = chart.findall(".//svg")
        labels = [t.text_content() for t in svg.iter("text")]
        rows = table_rows(tables[title])
        assert rows, title
        for label, count, share in rows:
            assert f"{label}  {count}（{share}）" in labels, (title, label)
    # Worked out by hand for the age bands: 30岁及以下 2 of 5, 36—40岁 2, 61岁及以上 1.
    age = [t.text_content() for t in page.xpath(CHARTS + '[@data-table="党员年龄结构"]//svg//text')]
    assert "30岁及以下  2（40.00%）" in age
    assert "36—40岁  2（40.00%）" in age
    assert "61岁及以上  1（20.00%）" in age


def test_the_dashboard_draws_the_development_pipeline_beside_its_table(staff_client, branch, on_day):
    from tests.test_development import new_person, walk

    for name in ("甲申请", "乙申请"):
        new_person(branch, name=name, applied_on=datetime.date(2020, 3, 1))
    # Steps 2 and 3 a month apart: an activist since March 2019.
    walk(new_person(branch, name="丙积极", applied_on=datetime.date(2019, 1, 1)), 3, start=datetime.date(2019, 1, 1))
    page = html.fromstring(staff_client.get(reverse("dashboard")).content)
    [chart] = page.xpath(CHARTS + '[@data-table="发展党员情况"]//svg')
    assert {"入党申请人  2", "入党积极分子  1", "发展对象  0"} <= {t.text_content() for t in chart.iter("text")}
    [table] = page.xpath(NUMBERS + '[@data-table="发展党员情况"]')
    assert table_rows(table)[:3] == [["入党申请人", "2"], ["入党积极分子", "1"], ["发展对象", "0"]]


def test_the_trend_chart_labels_every_point_with_the_tables_figures(staff_client, members):
    page = html.fromstring(staff_client.get(reverse("dashboard")).content)
    [table] = page.xpath(NUMBERS + '[@data-table="近五年党员队伍变化"]')
    rows = table_rows(table)
    svgs = page.xpath(CHARTS + '[@data-table="近五年党员队伍变化"]//svg')
    totals, structure = ([t.text_content() for t in svg.iter("text")] for svg in svgs)
    for row in rows:
        assert row[1] in totals  # 党员总数
        assert all(share in structure for share in row[2:])


def test_no_point_label_of_a_line_chart_overprints_another():
    # The demo's structure over five years: two lines cross, the third runs flat between them,
    # and in 2023 and 2026 two points lie within 0.4 points of each other.
    years = ("2022年", "2023年", "2024年", "2025年", "2026年")
    young = (29.35, 28.26, 26.81, 23.91, 21.74)
    old = (20.47, 21.92, 24.28, 26.45, 28.26)
    college = (22.10,) * 5
    series = tuple(
        Series(name, values, tuple(f"{v:.2f}%" for v in values))
        for name, values in (("35岁及以下", young), ("60岁及以上", old), ("大专及以上学历", college))
    )
    tree = etree.fromstring(line_chart("结构", years, series).encode())
    boxes = []
    for text in tree.iter(f"{SVG}text"):
        if text.text.endswith("%"):  # centred on x, 12px high above the baseline y; a digit is ~7px wide
            x, y, half = float(text.get("x")), float(text.get("y")), len(text.text) * 7.2 / 2
            boxes.append((x - half, y - 12, x + half, y))
    assert len(boxes) == 15
    for a, b in itertools.combinations(boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def _px(text: str) -> float:
    """Printed width at 12px: a CJK character a full em, a digit or sign about 0.6 em."""
    return sum(12 if ord(c) > 0x2E80 else 7.2 for c in text)


def test_a_bar_charts_longest_cjk_label_is_inside_the_drawing():
    # pygal sized the margin for 0.6 em a character: a CJK label lost its first characters.
    label = "党政机关工作人员（退休返聘）"
    tree = etree.fromstring(bar_chart("职业", (Bar(label, 3, "3（100.00%）"),)).encode())
    [text] = [t for t in tree.iter(f"{SVG}text") if t.text.startswith(label)]
    left = float(re.search(r"translate\(([\d.]+)", text.getparent().get("transform"))[1])
    assert left + float(text.get("x")) - _px(text.text) >= 0


NINE = ("清水乡", "城关镇", "大河镇", "石门乡", "龙潭镇", "白沙乡", "新华乡", "黄金坝镇", "红星乡")


def test_slanted_township_names_end_inside_the_drawing():
    # Past 6 townships the names slant 30°; pygal left room for 0.6 em a character, and the
    # last characters of 「黄金坝镇」 were cut off at the foot of the drawing.
    members = Series("党员", tuple(range(300, 660, 40)), tuple(str(v) for v in range(300, 660, 40)))
    tree = etree.fromstring(grouped_bar_chart("各乡镇党员人数", NINE, (members,)).encode())
    height = float(tree.get("viewBox").split()[3])
    slanted = [t for t in tree.iter(f"{SVG}text") if "rotate(30" in (t.get("transform") or "")]
    assert {t.text for t in slanted} == set(NINE)
    for text in slanted:
        top = float(re.search(r"translate\([\d.]+,\s*([\d.]+)", text.getparent().get("transform"))[1])
        assert top + float(text.get("y")) + _px(text.text) * 0.5 <= height, text.text  # sin 30° = 0.5


def test_bars_too_narrow_for_their_numbers_get_a_value_axis_instead():
    names = NINE
    shares = tuple(
        Series(name, tuple(20.0 + i for i in range(9)), tuple(f"{20 + i:.2f}%" for i in range(9)))
        for name in ("35岁及以下", "60岁及以上", "大专及以上学历", "女党员")
    )
    texts = svg_texts(etree.fromstring(grouped_bar_chart("结构", names, shares).encode()))
    # 36 bars about 9px wide: 「20.00%」 (43px) on each would overprint its neighbours.
    assert not {f"{20 + i:.2f}%" for i in range(9)} & set(texts)
    assert {"0%", "20%"} <= set(texts)
    assert set(names) <= set(texts)
    # Two townships leave every bar room for its number.
    two = tuple(Series(s.name, s.values[:2], s.texts[:2]) for s in shares)
    assert {"20.00%", "21.00%"} <= set(svg_texts(etree.fromstring(grouped_bar_chart("结构", names[:2], two).encode())))


def test_labels_are_escaped_text_not_markup():
    svg = bar_chart("<b>标题</b>", (Bar("<script>x</script>", 1, "1（100.00%）"),))
    tree = etree.fromstring(svg.encode())
    assert "<script>x</script>  1（100.00%）" in svg_texts(tree)
    assert tree.find(f".//{SVG}script") is None  # no script at all: pygal's tooltip script is off


def test_the_pdf_appendix_draws_the_charts_and_keeps_the_page_layout(township, members):
    report = Report.objects.create(
        township=township, year=2020, as_of=DAY, title="图表测试", issuer="中共甲乡委员会", issued_on=DAY
    )
    document = build_document(report)
    pdf = render_pdf(document)
    text = pdf_text(pdf)
    # The chart's own labels (the table prints the same figures without the brackets).
    for label in ("30岁及以下2（40.00%）", "大学本科2（40.00%）", "工人（工勤技能人员）1（20.00%）"):
        assert label in text
    for page in pdf_layout(pdf):
        body = [w for w in page.words if "—" not in w.text and not w.text.isdigit()]
        assert min(w.x_min for w in body) >= 28 * MM - 1
        assert max(w.x_max for w in body) <= (28 + 156) * MM + 1
        assert max(w.y_max for w in body) <= (37 + 225) * MM + 2


def test_in_the_pdf_a_narrow_tables_chart_is_beside_it_and_one_with_long_labels_under_it(township, members):
    report = Report.objects.create(
        township=township, year=2020, as_of=DAY, title="图表测试", issuer="中共甲乡委员会", issued_on=DAY
    )
    pages = pdf_layout(render_pdf(build_document(report)))

    def table_and_chart(label: str, last_row: str):
        """The table's cell of ``label``, its last row's cell, and the chart's label ``label`` (on one page)."""
        [page] = [p for p in pages if sum(w.text == label for w in p.words) == 2]
        cell, drawn = sorted((w for w in page.words if w.text == label), key=lambda w: (w.x_min, w.y_min))
        [last] = [w for w in page.words if w.text == last_row and w.x_min == cell.x_min]
        return cell, last, drawn

    # Age: 「30岁及以下  2（40.00%）」 is short, so the chart is right of the table, level with its rows.
    cell, last, drawn = table_and_chart("30岁及以下", "61岁及以上")
    assert drawn.x_min > cell.x_max + 40 * MM
    assert cell.y_min - 10 <= drawn.y_min < last.y_max
    # Occupation: 「工人（工勤技能人员）  1（20.00%）」 would leave the bars no room: under the table.
    cell, last, drawn = table_and_chart("工人（工勤技能人员）", "其他")
    assert drawn.y_min > last.y_max


class TestFetcherForCharts:
    def test_it_serves_a_chart_as_an_svg_data_url(self):
        import base64

        body = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
        response = StaticOnlyFetcher().fetch(SVG_DATA_URL + base64.b64encode(body).decode())
        assert response.read() == body

    @pytest.mark.parametrize(
        "url", ["data:image/svg+xml,<svg/>", "data:text/html;base64,PGI+", "data:image/png;base64,AA=="]
    )
    def test_it_refuses_any_other_data_url(self, url):
        with pytest.raises(ValueError):
            StaticOnlyFetcher().fetch(url)


def test_the_rollup_chart_shows_the_townships_side_by_side(reviewer_client, members, other_branch):
    make_member(other_branch)
    page = html.fromstring(reviewer_client.get(reverse("rollup", args=[2020]), {"as_of": "2020-11-15"}).content)
    members_chart, structure = page.xpath(CHARTS + '[@data-table="各乡镇党员人数和队伍结构"]//svg')
    texts = [t.text_content() for t in members_chart.iter("text")]
    assert "甲乡" in texts and "乙乡" in texts
    assert "5" in texts and "1" in texts
    assert "40.00%" in [t.text_content() for t in structure.iter("text")]  # 甲乡's 35 and under: 2 of 5
    assert re.search(r"女党员", "".join(t.text_content() for t in structure.iter("text")))


def clear_process_memo():
    from dangjian import charts

    for drawn in (charts._bar_chart, charts._grouped_bar_chart, charts._line_chart):
        drawn.cache_clear()


def test_the_same_figures_give_the_same_svg_in_every_process():
    """The PDF is cached by its HTML's fingerprint: a random id per drawing would miss it in every other worker."""
    from django.core.cache import cache

    from dangjian.charts import Series, line_chart

    bars = (Bar("30岁及以下", 2, "2（40.00%）"), Bar("61岁及以上", 1, "1（20.00%）"))
    series = (Series("党员总数", (5.0, 6.0), ("5", "6")),)
    first = (bar_chart("党员年龄结构", bars), line_chart("党员总数", ("2019年", "2020年"), series))
    clear_process_memo()
    cache.clear()
    assert (bar_chart("党员年龄结构", bars), line_chart("党员总数", ("2019年", "2020年"), series)) == first


def test_a_drawing_is_taken_from_the_shared_cache_by_another_worker(monkeypatch):
    from django.core.cache import cache

    cache.clear()
    bars = (Bar("大学本科", 2, "2（40.00%）"),)
    drawn = bar_chart("党员学历结构", bars)
    clear_process_memo()  # another worker: nothing drawn in this process

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr("dangjian.charts._HorizontalBar", no_drawing)
    assert bar_chart("党员学历结构", bars) == drawn
    # Other figures are drawn (here: would be), not taken for these.
    with pytest.raises(AssertionError, match="drawn again"):
        bar_chart("党员学历结构", (Bar("大学本科", 3, "3（60.00%）"),))


def test_the_svg_has_no_stylesheet_and_carries_its_look_in_attributes():
    svg = etree.fromstring(bar_chart("党员年龄结构", (Bar("30岁及以下", 2, "2（40.00%）"),)).encode())
    assert svg.find(f".//{SVG}style") is None
    assert svg.get("id") is None
    assert svg.get("font-family").startswith("黑体,")
    [label] = [t for t in svg.iter(f"{SVG}text") if t.text == "30岁及以下  2（40.00%）"]
    assert label.get("text-anchor") == "end"
