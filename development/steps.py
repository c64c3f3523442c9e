"""The 25 steps of member development in five stages (《中国共产党发展党员工作细则》, 2014), as data.

Everything that asks "which stage is this person in" or "which step comes next"
reads these tables; no step number is spelled out elsewhere except the few the
rules name (``APPLIED`` … ``CONVERTED``).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    number: int
    name: str


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    stage: Stage


STAGES = (
    Stage(1, "入党申请人"),
    Stage(2, "入党积极分子"),
    Stage(3, "发展对象"),
    Stage(4, "预备党员的接收"),
    Stage(5, "预备党员的教育考察和转正"),
)

_NAMES = {
    1: ("递交入党申请书", "党组织派人谈话"),
    2: ("推荐和确定入党积极分子", "上级党委备案", "指定培养联系人", "培养教育考察"),
    3: ("确定发展对象", "报上级党委备案", "确定入党介绍人", "进行政治审查", "开展集中培训"),
    4: (
        "支部委员会审查",
        "上级党委预审",
        "填写入党志愿书",
        "支部大会讨论",
        "上级党委派人谈话",
        "上级党委审批",
        "再上级党委组织部门备案",
    ),
    5: ("编入党支部和党小组", "入党宣誓", "继续教育考察", "提出转正申请", "支部大会讨论", "上级党委审批", "材料归档"),
}

STEPS: tuple[Step, ...] = tuple(
    Step(number, name, stage)
    for number, (stage, name) in enumerate(((stage, name) for stage in STAGES for name in _NAMES[stage.number]), 1)
)
STEP_BY_NUMBER = {step.number: step for step in STEPS}
LAST_STEP = STEPS[-1].number

# The steps the rules name.
APPLIED = 1  # 递交入党申请书
TALKED = 2  # 党组织派人谈话
ACTIVIST = 3  # 推荐和确定入党积极分子
TARGET = 7  # 确定发展对象
TRAINED = 11  # 开展集中培训
ADMITTED = 15  # 支部大会讨论（接收预备党员）
APPROVED = 17  # 上级党委审批
CONVERTED = 23  # 支部大会讨论（转正）
CONVERSION_APPROVED = 24  # 上级党委审批（转正）


def step_label(number: int) -> str:
    """「第15步 支部大会讨论」."""
    return f"第{number}步 {STEP_BY_NUMBER[number].name}"
