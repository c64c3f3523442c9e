"""The demo county's townships: who and what they hold, and the exact figures of the seed reports.

清水乡 reproduces, as of 2020-11-15, the 基本情况 of the 2020 key-tasks report in
shared/seeds: 58 organizations under the township committee, 4 village
committees with 93 village groups, and 546 members of whom exactly 69 women,
177 aged 35 or under, 93 aged 60 or over, 456 from ethnic minorities, 120 with
大专 or above, 13 probationary, 461 in rural branches and 1 大学生村官.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from organizations.ethnicities import HAN
from organizations.models import Category, Gender, Level

SEED = 20201115
REPORT_DAY = datetime.date(2020, 11, 15)
# A full member on REPORT_DAY became full by then, one year after joining.
LATEST_FULL_JOIN = datetime.date(2019, 11, 15)
PROBATIONARY_JOINS = (datetime.date(2019, 12, 1), datetime.date(2020, 11, 10))
LATER_JOINS = (datetime.date(2021, 1, 10), datetime.date(2021, 10, 31))
# The day 长岭乡's 党员空白村小组 are counted on (its 2023 work report).
BLANK_GROUPS_DAY = datetime.date(2023, 12, 31)

COUNTY_NAME = "示范县"
PASSWORD = "demo-pass-2026"

# GB/T 3304 codes, see organizations/ethnicities.py.
MIAO, YI, ZHUANG, YAO = "06", "07", "08", "13"

# Region code of the demo ID numbers: deliberately not an assigned county code,
# so no generated number can be a real person's.
REGION_CODE = "532699"

RURAL, COOPERATIVE, OFFICE = "rural", "cooperative", "office"


@dataclass(frozen=True)
class Quota:
    """Exact figures, on REPORT_DAY, for one kind of branch in one township."""

    total: int
    women: int
    young: int  # 35 or under
    old: int  # 60 or over
    minority: int
    higher: int  # 大专及以上
    probationary: int


@dataclass(frozen=True)
class VillageSpec:
    name: str  # 三卡村委会
    committee: str  # its 村党委 or 党总支
    level: str
    groups: int
    branches: int
    # Place names for the first village-group branches, from the seed report.
    first_places: tuple[str, ...] = ()


@dataclass(frozen=True)
class TownshipSpec:
    name: str
    location: str
    area_km2: Decimal
    natural_villages: int
    other_units: str
    households: int
    population: int
    minority_population: int
    ethnic_groups: str
    profile_years: tuple[int, ...]
    villages: tuple[VillageSpec, ...]
    cooperatives: tuple[str, ...]
    offices: tuple[tuple[str, str, int], ...]  # name, category, relative size
    quotas: dict[str, Quota]
    minority_mix: tuple[tuple[str, int], ...]  # ethnicity code, weight
    # Exactly this many 党员空白村小组 on BLANK_GROUPS_DAY (None: wherever the members happen to live).
    blank_groups: int | None = None
    college_village_officials: int = 0
    left_before: int = 0  # left before REPORT_DAY: not counted on it
    joined_after: int = 0  # joined in 2021: not counted on REPORT_DAY
    left_after: int = 0  # left after REPORT_DAY: still counted on it


QINGSHUI = TownshipSpec(
    name="清水乡",
    location="位于示范县西北部，距县城83公里",
    area_km2=Decimal("413"),
    natural_villages=87,
    other_units="清水江林业局一、二林场",
    households=6158,
    population=23082,
    minority_population=20182,
    ethnic_groups="汉、壮、苗、瑶、彝",
    profile_years=(2019, 2020),
    villages=(
        VillageSpec("三卡村委会", "三卡村党委", Level.VILLAGE_COMMITTEE, 25, 12, ("坝干",)),
        VillageSpec("大田村委会", "大田村党总支", Level.GENERAL_BRANCH, 23, 12, ("安富",)),
        VillageSpec("清水江村委会", "清水江村党总支", Level.GENERAL_BRANCH, 24, 12, ("德窝",)),
        VillageSpec("者偏村委会", "者偏村党总支", Level.GENERAL_BRANCH, 21, 10),
    ),
    cooperatives=(
        "鑫民茶叶种植农民专业合作社党支部",
        "安美黄牛养殖农民专业合作社党支部",
        "旺峰黄牛养殖农民专业合作社党支部",
    ),
    offices=(
        ("清水乡机关第一党支部", Category.ORGAN, 18),
        ("清水乡机关第二党支部", Category.ORGAN, 16),
        ("清水乡机关第三党支部", Category.ORGAN, 12),
        ("清水乡卫生院党支部", Category.INSTITUTION, 10),
        ("清水乡农业服务中心党支部", Category.INSTITUTION, 8),
    ),
    quotas={
        RURAL: Quota(total=461, women=50, young=145, old=90, minority=401, higher=60, probationary=10),
        COOPERATIVE: Quota(total=21, women=3, young=6, old=1, minority=19, higher=4, probationary=1),
        OFFICE: Quota(total=64, women=16, young=26, old=2, minority=36, higher=56, probationary=2),
    },
    minority_mix=((ZHUANG, 45), (MIAO, 30), (YAO, 15), (YI, 10)),
    college_village_officials=1,
    left_before=6,
    joined_after=8,
    left_after=2,
)

# 长岭乡 as of 2023-12-31 follows the 2023 work report in shared/seeds: 53 基层党组织
# (7 village 党总支 with 35 village-group branches, 2 cooperatives, 8 机关事业学校 branches and,
# founded in June 2023, 1 非公企业 branch — see demo/assessments.py), 7 villages with 59 groups,
# 6 of them without a party member. Its members on 2020-11-15 keep the quotas below.
CHANGLING = TownshipSpec(
    name="长岭乡",
    location="位于示范县东南部，距县城46公里",
    area_km2=Decimal("226.50"),
    natural_villages=41,
    other_units="",
    households=3270,
    population=12480,
    minority_population=3950,
    ethnic_groups="汉、彝、苗、壮",
    profile_years=(2020,),
    villages=(
        VillageSpec("长岭村委会", "长岭村党总支", Level.GENERAL_BRANCH, 9, 5),
        VillageSpec("龙洞村委会", "龙洞村党总支", Level.GENERAL_BRANCH, 8, 5),
        VillageSpec("卜戛村委会", "卜戛村党总支", Level.GENERAL_BRANCH, 9, 5),
        VillageSpec("落母村委会", "落母村党总支", Level.GENERAL_BRANCH, 8, 5),
        VillageSpec("陆良村委会", "陆良村党总支", Level.GENERAL_BRANCH, 8, 5),
        VillageSpec("礓嚓村委会", "礓嚓村党总支", Level.GENERAL_BRANCH, 9, 5),
        VillageSpec("双羊村委会", "双羊村党总支", Level.GENERAL_BRANCH, 8, 5),
    ),
    cooperatives=("长岭核桃种植农民专业合作社党支部", "卜戛苹果种植农民专业合作社党支部"),
    offices=(
        ("长岭乡机关第一党支部", Category.ORGAN, 10),
        ("长岭乡机关第二党支部", Category.ORGAN, 8),
        ("长岭乡派出所党支部", Category.ORGAN, 4),
        ("长岭乡卫生院党支部", Category.INSTITUTION, 6),
        ("长岭乡农业农村综合服务中心党支部", Category.INSTITUTION, 5),
        ("长岭乡文化和旅游广播电视服务中心党支部", Category.INSTITUTION, 4),
        ("长岭乡中心学校党支部", Category.SCHOOL, 8),
        ("长岭乡卜戛小学党支部", Category.SCHOOL, 4),
    ),
    quotas={
        RURAL: Quota(total=112, women=22, young=30, old=28, minority=40, higher=10, probationary=4),
        COOPERATIVE: Quota(total=8, women=2, young=3, old=1, minority=3, higher=1, probationary=0),
        OFFICE: Quota(total=32, women=12, young=12, old=1, minority=8, higher=26, probationary=1),
    },
    minority_mix=((YI, 60), (MIAO, 25), (ZHUANG, 15)),
    left_before=2,
    joined_after=3,
    left_after=1,
    blank_groups=6,
)

TOWNSHIPS = (QINGSHUI, CHANGLING)

# Names: common surnames (by ethnicity, as in the south-east of Yunnan) and given-name characters.
SURNAMES = {
    HAN: "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭罗梁宋郑谢唐许邓冯曾彭苏卢蒋蔡",
    ZHUANG: "陆黄农韦侬梁潘罗李王",
    MIAO: "王杨陶熊项侯马李张古",
    YAO: "邓盘赵李冯黄蒋",
    YI: "李普王罗张杨何沙",
}
GIVEN = {
    Gender.MALE: "国建明军华文学光永成志海忠林德福贵祥荣兴平云强勇伟刚东江春发才金顺昌宏斌涛超鹏俊杰浩磊宇轩正开松",
    Gender.FEMALE: "秀英兰芳丽梅琼艳燕珍凤玉萍娟慧敏婷霞琴莲桂娅雪娜倩美春红",
}
RARE_GIVEN = {Gender.MALE: "堃喆", Gender.FEMALE: "玥琤"}

# Village-group place names are drawn from these two columns.
PLACE_FIRST = "大小上下新老中坝田岩箐龙马木者那平石竹茶松白黑红羊牛法补阿戈普底落干腊沙杉"
PLACE_SECOND = "寨坝田冲箐坡塘湾沟脚房窝凹山洞庄岭河岗子卡洒乍"

FLOATING_TO = ("广东省东莞市", "广东省深圳市", "广东省佛山市", "浙江省义乌市", "福建省晋江市", "云南省昆明市")
PHONE_PREFIXES = ("138", "139", "150", "151", "152", "157", "158", "159", "183", "187", "188", "199")
