"""清水乡's 2020 key tasks for the demo, after the seed report (township-2020-key-tasks-report.txt)."""

import datetime

from planning.models import DEFAULT_AREAS, KeyTask, TaskStatus, WorkArea

D = datetime.date
# (area, title, target, unit, achieved, deadline, responsible, status, narrative)
TASKS = [
    (
        "政治建设",
        "“万名党员进党校”培训班",
        2,
        "期",
        2,
        D(2020, 10, 31),
        "乡党校",
        TaskStatus.DONE,
        "依托乡级党校开展“万名党员进党校”培训班2期223人次，普通党员35%以上进乡级党校学习。",
    ),
    (
        "政治建设",
        "基层党组织书记暨党务干部培训",
        1,
        "期",
        1,
        D(2020, 9, 30),
        "乡党委组织委员",
        TaskStatus.DONE,
        "举办基层党组织书记暨党务干部培训班1期60人次，实现全员培训。",
    ),
    (
        "组织建设",
        "创建示范村民小组党支部",
        18,
        "个",
        12,
        D(2020, 12, 31),
        "各村党总支",
        TaskStatus.IN_PROGRESS,
        "结合党支部规范化建设建立工作台账，分类推进“双整百千”四级联创。",
    ),
    ("组织建设", "创建示范行政村党组织", 2, "个", 1, D(2020, 12, 31), "乡党委", TaskStatus.IN_PROGRESS, ""),
    (
        "组织建设",
        "党支部规范化建设达标",
        16,
        "个",
        16,
        D(2020, 11, 30),
        "各党支部",
        TaskStatus.DONE,
        "对照五个基本和12类标准，一支部一方案、一季度一调度。",
    ),
    (
        "组织建设",
        "整顿软弱涣散党组织（坝干党支部）",
        1,
        "个",
        1,
        D(2020, 9, 30),
        "党委副书记",
        TaskStatus.DONE,
        "制订整顿方案，多方协作加强指导，已完成整改提升。",
    ),
    (
        "组织生活",
        "各党支部召开专题组织生活会",
        54,
        "个",
        40,
        D(2020, 11, 15),
        "各党支部",
        TaskStatus.IN_PROGRESS,
        "要求各党支部于十一月中旬前召开一次专题组织生活会。",
    ),
    (
        "队伍建设",
        "培养行政村后备干部",
        41,
        "名",
        41,
        D(2020, 10, 31),
        "换届工作专班",
        TaskStatus.DONE,
        "培养行政村后备干部41名，确定“定岗”后备干部9名。",
    ),
    ("队伍建设", "村“两委”换届模拟配备", 31, "人", 31, D(2020, 11, 10), "换届工作专班", TaskStatus.DONE, ""),
    (
        "党员教育管理",
        "发展预备党员",
        13,
        "名",
        13,
        D(2020, 10, 31),
        "各党支部",
        TaskStatus.DONE,
        "严格执行发展党员25道程序，入党积极分子20名，发展预备党员13名，按期转正25名。",
    ),
    ("党员教育管理", "流动党员排查与联系", 32, "名", 20, D(2020, 9, 30), "各村党总支", TaskStatus.IN_PROGRESS, ""),
    (
        "基础保障",
        "村级集体经济收入达标",
        4,
        "个",
        4,
        D(2020, 12, 31),
        "各村委会",
        TaskStatus.DONE,
        "4个行政村集体经济收入20.79万元。",
    ),
    ("考核评价", "年度党建述职评议考核", 1, "次", 0, D(2020, 12, 31), "乡党委", TaskStatus.NOT_STARTED, ""),
]


def seed_plan_2020(township) -> int:
    areas = {
        name: WorkArea.objects.create(township=township, year=2020, name=name, sort_order=i)
        for i, name in enumerate(DEFAULT_AREAS)
    }
    KeyTask.objects.bulk_create(
        KeyTask(
            area=areas[area],
            title=title,
            target_value=target,
            unit=unit,
            achieved_value=achieved,
            deadline=deadline,
            responsible=responsible,
            status=status,
            narrative=narrative,
            sort_order=i,
            closed_on=D(2020, 11, 10) if status == TaskStatus.DONE and deadline <= D(2020, 10, 31) else None,
            close_note="经乡党委核实完成。" if status == TaskStatus.DONE and deadline <= D(2020, 10, 31) else "",
        )
        for i, (area, title, target, unit, achieved, deadline, responsible, status, narrative) in enumerate(TASKS)
    )
    return len(TASKS)
