"""What 一、基本情况 states and how: chosen per report from fixed lists, never typed.

Counties ask for different figures (the seeds use both 农村党员 by organization
and 农民党员 by occupation; two sets of age bands). A report stores its choices
in ``Report.basic_options`` (JSON); every figure stays computed. The defaults
are the 2020 seed report's choices (plus 流动党员, which the paragraph has always
stated when there are any).
"""

from dataclasses import asdict, dataclass, fields

from organizations.models import Category

RURAL_BASIS = (
    ("organization", "农村党员（农村党组织的党员）"),
    ("occupation", "农民党员（职业为农牧渔民的党员）"),
    ("none", "不写"),
)
AGE_BANDS = (
    ("young_old", "35岁及以下、60岁及以上"),
    ("three", "35岁及以下、36—55岁、56岁及以上（三段合计等于党员总数）"),
)
RURAL_BRANCH_WORDS = (
    ("农村党支部", "农村党支部"),
    ("村小组党支部", "村小组党支部"),
)
# Category groupings: key → (label in the form, [(wording, categories merged under it)]).
# Categories not named in a grouping keep their own wording.
CATEGORY_GROUPINGS = {
    "separate": ("各类别分列（机关党支部3个，事业单位党支部2个）", []),
    "organ_institution": (
        "机关、事业合并（机关、事业党支部5个）",
        [("机关、事业党支部", [Category.ORGAN, Category.INSTITUTION])],
    ),
    "organ_institution_school": (
        "机关、事业、学校合并（机关、事业党支部6个）",
        [("机关、事业党支部", [Category.ORGAN, Category.INSTITUTION, Category.SCHOOL])],
    ),
    "organ_institution_units": (
        "机关事业单位合并（机关事业单位5个）",
        [("机关事业单位", [Category.ORGAN, Category.INSTITUTION])],
    ),
    "enterprises": (
        "机关、事业合并，企业合并（机关、事业党支部5个，企业党支部2个）",
        [
            ("机关、事业党支部", [Category.ORGAN, Category.INSTITUTION]),
            ("企业党支部", [Category.STATE_ENTERPRISE, Category.PRIVATE_ENTERPRISE]),
        ],
    ),
}


@dataclass
class BasicOptions:
    rural_basis: str = "organization"
    age_bands: str = "young_old"
    rural_branch_word: str = "农村党支部"
    grouping: str = "separate"
    junior_or_below: bool = False
    floating: bool = True
    new_members: bool = False
    founded_in_year: bool = False
    joining_periods: bool = False
    village_secretaries: bool = False

    @classmethod
    def from_data(cls, data: dict | None) -> "BasicOptions":
        """Unknown keys and values that are not in the lists fall back to the defaults."""
        data = data or {}
        options = cls()
        allowed = {
            "rural_basis": {key for key, _ in RURAL_BASIS},
            "age_bands": {key for key, _ in AGE_BANDS},
            "rural_branch_word": {key for key, _ in RURAL_BRANCH_WORDS},
            "grouping": set(CATEGORY_GROUPINGS),
        }
        for field in fields(cls):
            value = data.get(field.name)
            if field.type is bool or field.type == "bool":
                if isinstance(value, bool):
                    setattr(options, field.name, value)
            elif value in allowed.get(field.name, ()):
                setattr(options, field.name, value)
        return options

    def to_data(self) -> dict:
        return asdict(self)

    def category_wording(self) -> dict[str, str]:
        """Category value → the wording it is counted under in 「54个党支部（…）」."""
        out = {category.value: word for word, categories in self.groups() for category in categories}
        out.setdefault(Category.RURAL.value, self.rural_branch_word)
        return out

    def groups(self) -> list[tuple[str, list]]:
        return CATEGORY_GROUPINGS[self.grouping][1]
