"""Section 一、基本情况, written from the figures in the seeds' sentence style.

What it states and how follows the report's choices (reports/options.py); the
figures are always computed. Clauses for zero counts are left out, except where
leaving one out would hide that a set of figures adds up (the three age bands,
the joining periods). A missing township profile leaves out the geographic
sentences rather than printing blanks.
"""

from django.utils.formats import date_format

from dangjian.shares import Share
from organizations.models import Category, Level
from reports.options import BasicOptions
from reports.statistics import TownshipStatistics

# How a branch category reads inside 「54个党支部（农村党支部46个，……）」.
BRANCH_CATEGORY_WORDS = {
    Category.GENERAL.label: "综合",
    Category.RURAL.label: "农村",
    Category.COMMUNITY.label: "社区",
    Category.ORGAN.label: "机关",
    Category.INSTITUTION.label: "事业单位",
    Category.STATE_ENTERPRISE.label: "国有企业",
    Category.PRIVATE_ENTERPRISE.label: "非公有制企业",
    Category.SOCIAL_ORGANIZATION.label: "社会组织",
    Category.COOPERATIVE.label: "合作社",
    Category.SCHOOL.label: "学校",
}
# How a newly founded organization is named: 「1个非公企业支部（今年6月份新成立）」.
FOUNDED_CATEGORY_WORDS = {
    Category.RURAL.label: "村民小组",
    Category.COMMUNITY.label: "社区",
    Category.ORGAN.label: "机关",
    Category.INSTITUTION.label: "事业单位",
    Category.STATE_ENTERPRISE.label: "国有企业",
    Category.PRIVATE_ENTERPRISE.label: "非公企业",
    Category.SOCIAL_ORGANIZATION.label: "社会组织",
    Category.COOPERATIVE.label: "合作社",
    Category.SCHOOL.label: "学校",
}
FOUNDED_LEVEL_WORDS = {
    Level.VILLAGE_COMMITTEE.label: "党委",
    Level.GENERAL_BRANCH.label: "党总支",
    Level.BRANCH.label: "支部",
    Level.PARTY_GROUP.label: "党小组",
}
# The 党内统计公报 merges the seven joining periods into four.
BULLETIN_PERIODS = (
    ("新中国成立前入党的", (0,)),
    ("新中国成立后至党的十一届三中全会前入党的", (1, 2, 3)),
    ("党的十一届三中全会后至党的十八大前入党的", (4, 5)),
    ("党的十八大以来入党的", (6,)),
)


def unit_word(township_name: str) -> str:
    """乡, 镇 or 街道: how the text refers to the township (「全乡」「乡党委」)."""
    for word in ("街道", "镇", "乡"):
        if township_name.endswith(word):
            return word
    return "乡"


def county_word(county_name: str) -> str:
    """县, 区, 市 or 旗: how the text refers to a county-level unit (「全县」「全区」)."""
    return county_name[-1] if county_name[-1:] in ("县", "区", "市", "旗") else "县"


def share_clause(label: str, share: Share, whole: str = "党员总数") -> str:
    return f"{label}{share.count}名，占{whole}的{share.percent_text}"


def _number(value) -> str:
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(value) -> str:
    """万元 with two decimals, as the collective-economy figures are kept: 20.79."""
    return f"{value:.2f}"


def profile_sentences(stats: TownshipStatistics) -> list[str]:
    profile = stats.profile
    name = stats.township
    sentences = []
    if profile and profile.location:
        sentences.append(f"{name}{profile.location.strip().rstrip('。')}。")
    holdings = []
    if stats.villages.committees:
        holdings.append(f"{stats.villages.committees}个村委会")
    if profile and profile.natural_villages:
        holdings.append(f"{profile.natural_villages}个自然村")
    if stats.villages.groups:
        holdings.append(f"{stats.villages.groups}个村民小组")
    territory = []
    if profile and profile.area_km2:
        territory.append(f"国土面积{_number(profile.area_km2)}平方公里")
    if holdings:
        tail = f"和{profile.other_units}" if profile and profile.other_units else ""
        territory.append(f"辖{''.join(holdings)}{tail}")
    if territory:
        sentences.append("，".join(territory) + "。")
    if profile and profile.population:
        households = f"{profile.households}户" if profile.households else ""
        sentences.append(f"{profile.year}年末有常住人口{households}{profile.population}人。")
        groups = profile.ethnic_group_list
        people = []
        if groups:
            people.append(f"居住着{'、'.join(groups)}{len(groups)}个民族")
        if profile.minority_population:
            share = Share(profile.minority_population, profile.population)
            people.append(f"少数民族人口{profile.minority_population}人，占总人口的{share.percent_text}")
        if people:
            sentences.append("，".join(people) + "。")
    return sentences


def branch_detail(stats: TownshipStatistics, options: BasicOptions) -> str:
    """「农村党支部46个，合作社党支部3个，机关、事业党支部5个」: categories under the chosen wording."""
    counts = stats.organizations.branches_by_category_value
    wording = options.category_wording()
    parts: dict[str, int] = {}
    for category in Category:
        n = counts.get(category.value, 0)
        if not n:
            continue
        word = wording.get(category.value) or f"{BRANCH_CATEGORY_WORDS[category.label]}党支部"
        parts[word] = parts.get(word, 0) + n
    return "，".join(f"{word}{n}个" for word, n in parts.items())


def organization_sentence(stats: TownshipStatistics, options: BasicOptions | None = None) -> str:
    options = options or BasicOptions()
    orgs = stats.organizations
    word = unit_word(stats.township)
    if not orgs.grassroots:
        return ""
    parts = []
    for label, n in orgs.by_level:
        if not n:
            continue
        if label == Level.BRANCH.label and orgs.branches_by_category_value:
            parts.append(f"{n}个{label}（{branch_detail(stats, options)}）")
        else:
            parts.append(f"{n}个{label}")
    return f"{word}党委下设{orgs.grassroots}个基层党组织。其中：{'，'.join(parts)}。"


def founded_sentence(stats: TownshipStatistics) -> str:
    """「今年新成立1个非公企业支部（今年6月份新成立）。」"""
    a = stats.assessments
    if a is None or not a.founded_in_year:
        return ""
    groups: dict[tuple[str, int], int] = {}
    for _name, category, founded_on in a.founded_in_year:
        groups[(category, founded_on.month)] = groups.get((category, founded_on.month), 0) + 1
    items = [
        f"{n}个{FOUNDED_CATEGORY_WORDS.get(category, category)}支部（今年{month}月份新成立）"
        for (category, month), n in groups.items()
    ]
    return f"其中，{'、'.join(items)}。"


def age_clauses(stats: TownshipStatistics, options: BasicOptions) -> list[tuple[str, Share, bool]]:
    """(label, share, shown even when zero): the three bands always add up to the total, so all three show."""
    m = stats.members
    if options.age_bands == "three":
        return [(f"{label}党员", share, True) for label, share in m.by_report_age_band]
    return [("35岁及以下党员", m.young, False), ("60岁及以上党员", m.old, False)]


def member_sentence(stats: TownshipStatistics, options: BasicOptions | None = None) -> str:
    options = options or BasicOptions()
    m = stats.members
    word = unit_word(stats.township)
    opening = f"截至{date_format(stats.as_of)}，全{word}共有党员{m.total}名"
    if not m.total:
        return opening + "。"
    clauses: list[tuple[str, Share, bool]] = [("女党员", m.women, False)]
    clauses += age_clauses(stats, options)
    clauses += [("少数民族党员", m.minorities, False), ("大专及以上学历党员", m.higher_education, False)]
    if options.junior_or_below:
        clauses.append(("初中及以下学历党员", m.junior_or_below, False))
    clauses.append(("预备党员", m.probationary, False))
    if options.rural_basis == "organization":
        clauses.append(("农村党员", m.rural, False))
    elif options.rural_basis == "occupation":
        clauses.append(("农民党员", m.farmers, False))
    if options.floating:
        clauses.append(("流动党员", m.floating, False))
    clauses.append(("大学生村官党员", m.college_officials, False))
    shown = [share_clause(label, share) for label, share, always in clauses if share.count or always]
    text = f"{opening}，其中{'；'.join(shown)}。" if shown else opening + "。"
    if options.new_members:
        text += f"{stats.as_of.year}年新发展党员{m.joined_this_year.count}名。"
    if options.joining_periods:
        periods = [share for _, share in m.by_joining_period]
        bands = []
        for label, indexes in BULLETIN_PERIODS:
            count = sum(periods[i].count for i in indexes)
            bands.append(f"{label}{count}名，占{Share(count, m.total).percent_text}")
        text += f"从入党时间看，{'；'.join(bands)}。"
    return text


def assessment_sentences(stats: TownshipStatistics, options: BasicOptions | None = None) -> str:
    """分类定级, 软弱涣散整顿, 结对共建, collective economy, 一肩挑, 后备干部, 空白村小组, 换届."""
    options = options or BasicOptions()
    a = stats.assessments
    if a is None:
        return ""
    word = unit_word(stats.township)
    sentences = []
    g = a.grades
    clauses = []
    if g.assessed:
        scope = f"全{word}{g.organizations}个基层党组织" if g.assessed == g.organizations else f"{g.assessed}个党组织"
        clauses.append(
            f"{a.year}年对{scope}开展分类定级，评定出先进党组织{g.advanced}个、中间党组织{g.middle}个、"
            f"后进党组织{g.backward}个"
        )
        if g.standardized:
            clauses.append(f"规范化建设达标{g.standardized}个")
    if a.completed_rectifications:
        names = "、".join(row.organization for row in a.completed_rectifications)
        clauses.append(f"完成{names}软弱涣散党组织整顿提升")
    if a.open_rectifications:
        names = "、".join(row.organization for row in a.open_rectifications)
        clauses.append(f"{names}正在进行软弱涣散党组织整顿")
    if a.pairs:
        clauses.append(f"先进党组织与中间、后进党组织结对共建{len(a.pairs)}对")
    if clauses:
        sentences.append("；".join(clauses) + "。")

    villages = []
    if a.incomes_recorded:
        text = f"全{word}{a.incomes_recorded}个村集体经济收入合计{money(a.income_total)}万元"
        if a.at_least_5 == a.incomes_recorded:
            text += "，均达到5万元以上"
        else:
            text += f"，达到5万元以上的村{a.at_least_5}个"
        if a.at_least_10:
            text += f"，其中10万元以上的{a.at_least_10}个"
        villages.append(text)
    if a.one_shoulder_villages:
        villages.append(f"{a.one_shoulder_villages}个行政村实现党组织书记、村委会主任“一肩挑”")
    if options.village_secretaries and a.secretary_ages:
        ages = a.secretary_ages
        over_50 = sum(age >= 50 for age in ages)
        over_60 = sum(age >= 60 for age in ages)
        text = f"{len(ages)}个行政村党组织书记中有{over_50}人50周岁以上"
        if over_60:
            text += f"，其中{over_60}人已达到60周岁"
        villages.append(text)
    if a.group_leader_secretaries:
        villages.append(f"{a.group_leader_secretaries}名村民小组长和党支部书记“一肩挑”")
    if a.reserve_cadres:
        villages.append(f"培养村级后备干部{a.reserve_cadres}名")
    if stats.villages.groups:
        n = stats.villages.groups_without_members
        villages.append(f"有党员空白村小组{n}个" if n else "无党员空白村小组")
    if villages:
        sentences.append("；".join(villages) + "。")

    terms = []
    if a.terms_due:
        terms.append(f"{len(a.terms_due)}个党组织班子将于6个月内任期届满")
    if a.terms_overdue:
        terms.append(f"{len(a.terms_overdue)}个党组织班子任期已满尚未换届")
    if terms:
        sentences.append("；".join(terms) + "。")
    return "".join(sentences)


def basic_situation(stats: TownshipStatistics, options: BasicOptions | None = None) -> list[str]:
    """The paragraphs of 一、基本情况."""
    options = options or BasicOptions()
    first = "".join(profile_sentences(stats)) + organization_sentence(stats, options)
    if options.founded_in_year:
        first += founded_sentence(stats)
    paragraphs = (first, member_sentence(stats, options), assessment_sentences(stats, options))
    return [paragraph for paragraph in paragraphs if paragraph]
