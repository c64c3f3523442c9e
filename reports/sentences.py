"""Section 一、基本情况, written from the figures in the seeds' sentence style.

Clauses for zero counts are left out; a missing township profile leaves out
the geographic sentences rather than printing blanks.
"""

from django.utils.formats import date_format

from dangjian.shares import Share
from organizations.models import Category, Level
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


def unit_word(township_name: str) -> str:
    """乡, 镇 or 街道: how the text refers to the township (「全乡」「乡党委」)."""
    for word in ("街道", "镇", "乡"):
        if township_name.endswith(word):
            return word
    return "乡"


def share_clause(label: str, share: Share, whole: str = "党员总数") -> str:
    return f"{label}{share.count}名，占{whole}的{share.percent_text}"


def _number(value) -> str:
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


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


def organization_sentence(stats: TownshipStatistics) -> str:
    orgs = stats.organizations
    word = unit_word(stats.township)
    if not orgs.grassroots:
        return ""
    parts = []
    for label, n in orgs.by_level:
        if not n:
            continue
        if label == Level.BRANCH.label and orgs.branches_by_category:
            detail = "，".join(
                f"{BRANCH_CATEGORY_WORDS.get(category, category)}党支部{count}个"
                for category, count in orgs.branches_by_category
            )
            parts.append(f"{n}个{label}（{detail}）")
        else:
            parts.append(f"{n}个{label}")
    return f"{word}党委下设{orgs.grassroots}个基层党组织。其中：{'，'.join(parts)}。"


def member_sentence(stats: TownshipStatistics) -> str:
    m = stats.members
    word = unit_word(stats.township)
    opening = f"截至{date_format(stats.as_of)}，全{word}共有党员{m.total}名"
    if not m.total:
        return opening + "。"
    clauses = [
        ("女党员", m.women),
        ("35岁及以下党员", m.young),
        ("60岁及以上党员", m.old),
        ("少数民族党员", m.minorities),
        ("大专及以上学历党员", m.higher_education),
        ("预备党员", m.probationary),
        ("农村党员", m.rural),
        ("流动党员", m.floating),
        ("大学生村官党员", m.college_officials),
    ]
    shown = [share_clause(label, share) for label, share in clauses if share.count]
    if not shown:
        return opening + "。"
    return f"{opening}，其中{'；'.join(shown)}。"


def basic_situation(stats: TownshipStatistics) -> list[str]:
    """The paragraphs of 一、基本情况."""
    first = "".join(profile_sentences(stats)) + organization_sentence(stats)
    return [paragraph for paragraph in (first, member_sentence(stats)) if paragraph]
