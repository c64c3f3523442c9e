"""The report's sentences, appendix tables and registers for member development and organizational life.

Kept apart from sentences.py and document.py so each domain's wording lives in
one place; document.py calls these. Clauses whose count is zero are left out.
"""

from dangjian.dates import date_text
from development.figures import DevelopmentFigures
from reports.sentences import unit_word
from reports.statistics import TownshipStatistics


def development_sentence(stats: TownshipStatistics) -> str:
    """「截至2023年12月31日，共有入党申请人6人，入党积极分子9人，列为发展对象2人，2023年发展党员6人，按期转正25名。」"""
    d = stats.development
    if d is None:
        return ""
    pipeline = [
        f"{label}{n}人"
        for label, n in (("入党申请人", d.applicants), ("入党积极分子", d.activists), ("列为发展对象", d.targets))
        if n
    ]
    year = [f"{d.year}年发展党员{d.admitted}人"] if d.admitted else []
    year += [
        f"{label}{n}名"
        for label, n in (
            ("按期转正", d.converted_on_time),
            ("延期转正", d.converted_late),
            ("延长预备期", d.extended),
            ("取消预备党员资格", d.cancelled),
        )
        if n
    ]
    if not pipeline and not year:
        return ""
    head = f"截至{date_text(stats.as_of)}，共有{'，'.join(pipeline)}" if pipeline else f"截至{date_text(stats.as_of)}"
    return "，".join([head, *year]) + "。"


def training_sentence(stats: TownshipStatistics) -> str:
    """「开展培训2期，培训党员438人次，覆盖率达到64.15%。」"""
    t = stats.trainings
    if t is None or not t.trainings:
        return ""
    text = f"{t.year}年开展培训{t.sessions}期，培训党员{t.person_times}人次"
    if t.trained:
        text += f"，覆盖率达到{t.coverage.percent_text}"
    return text + "。"


def meeting_sentences(stats: TownshipStatistics) -> str:
    """「2023年各党支部共召开支部党员大会…次，…；党员平均出席率…。N个党支部未达到规定次数：…。」"""
    m = stats.meetings
    if m is None or not m.total:
        return ""
    counts = "，".join(f"{label}{n}次" for label, n in m.by_kind if n)
    text = f"{m.year}年各党支部共召开{counts}"
    if m.attendance.total:
        text += f"，党员平均出席率{m.attendance.percent_text}"
    text += "。"
    below = m.below
    if below:
        text += (
            f"{len(below)}个党支部未达到规定次数：" + "；".join(f"{r.branch}（{r.missing_text}）" for r in below) + "。"
        )
    elif m.compliance:
        text += f"全{unit_word(stats.township)}{len(m.compliance)}个党支部均达到规定次数。"
    return text


def life_paragraphs(stats: TownshipStatistics) -> list[str]:
    """The generated paragraphs (also offered on the edit page for the clerk to place in the narrative)."""
    first = development_sentence(stats) + training_sentence(stats)
    return [p for p in (first, meeting_sentences(stats)) if p]


def has_development(d: DevelopmentFigures) -> bool:
    """Whether there is anyone in the pipeline on the date, or anyone admitted in the year."""
    return bool(d.people or d.admitted)


def development_table(d: DevelopmentFigures, table_cls):
    """发展党员情况, for the appendix and the dashboard: where people stand on the date, then the
    year's events. Its first three rows are the pipeline's stages, which its chart draws."""
    return table_cls(
        "发展党员情况",
        ["项目", "人数"],
        [
            ["入党申请人", d.applicants],
            ["入党积极分子", d.activists],
            ["发展对象", d.targets],
            [f"{d.year}年新增入党申请人", d.new_applicants],
            [f"{d.year}年新确定入党积极分子", d.new_activists],
            [f"{d.year}年新确定发展对象", d.new_targets],
            [f"{d.year}年发展党员", d.admitted],
            ["按期转正", d.converted_on_time],
            ["延期转正", d.converted_late],
            ["延长预备期", d.extended],
            ["取消预备党员资格", d.cancelled],
        ],
        chart="pipeline",
    )


def life_tables(stats: TownshipStatistics, table_cls) -> list:
    """Appendix tables (only those with something to show)."""
    tables = []
    d = stats.development
    if d is not None and has_development(d):
        tables.append(development_table(d, table_cls))
        if d.admitted:
            # Labels carry their breakdown (「年龄：35岁及以下」) so that no row reads like one of the members' tables.
            rows = [
                [f"{name}：{label}", share.count, share]
                for name, group in (
                    ("性别", d.admitted_by_gender),
                    ("年龄", d.admitted_by_age_band),
                    ("学历", d.admitted_by_education),
                    ("职业", d.admitted_by_occupation),
                )
                for label, share in group
            ]
            tables.append(table_cls(f"{d.year}年发展党员构成", ["项目", "人数", "占发展党员数"], rows))
    m = stats.meetings
    if m is not None and m.total:
        tables.append(
            table_cls(f"{m.year}年组织生活开展情况", ["会议类型", "次数"], [*map(list, m.by_kind), ["合计", m.total]])
        )
        if m.below:
            tables.append(
                table_cls(
                    "未达到规定次数的党支部", ["党支部", "缺少的会议"], [[r.branch, r.missing_text] for r in m.below]
                )
            )
    t = stats.trainings
    if t is not None and t.trainings:
        rows = [[r.title, r.organizer, r.start_on, r.sessions, r.participants, r.person_times] for r in t.trainings]
        rows.append(["合计", "", None, t.sessions, None, t.person_times])
        tables.append(
            table_cls(
                f"{t.year}年党员培训情况",
                ["培训班", "主办单位", "开始日期", "期数", "参训人数", "人次"],
                rows,
                note=f"参训党员{t.trained}人，覆盖率{t.coverage.percent_text}（参训党员÷截止日党员总数）。",
            )
        )
    return tables


def life_registers(stats: TownshipStatistics, table_cls) -> tuple:
    """The registers behind the figures: 发展党员名册, 会议台账, 培训班."""
    d, m, t = stats.development, stats.meetings, stats.trainings
    pipeline = table_cls(
        "发展党员名册",
        [
            "姓名",
            "性别",
            "出生日期",
            "所在党支部",
            "当前阶段",
            "递交申请书",
            "确定积极分子",
            "确定发展对象",
            "接收预备党员",
            "转正",
            "已完成步骤",
            "预备期变动",
            "身份证号码",
        ],
        [
            [
                p.name,
                p.gender,
                p.birth_date,
                p.branch,
                p.status,
                p.applied_on,
                p.activist_on,
                p.target_on,
                p.admitted_on,
                p.converted_on,
                p.latest_step,
                p.change,
                p.masked_id_number,
            ]
            for p in (d.people if d else [])
        ],
    )
    meetings = table_cls(
        "会议台账",
        ["日期", "党组织", "类型", "主题", "地点", "主持人", "出席", "请假", "应到", "出席率"],
        [
            [r.held_on, r.organization, r.kind, r.topic, r.place, r.chair, r.present, r.leave, r.expected, r.rate]
            for r in (m.meetings if m else [])
        ],
    )
    trainings = table_cls(
        "培训班",
        ["培训班", "主办单位", "开始日期", "结束日期", "期数", "参训人数", "人次"],
        [
            [r.title, r.organizer, r.start_on, r.end_on, r.sessions, r.participants, r.person_times]
            for r in (t.trainings if t else [])
        ],
    )
    return pipeline, meetings, trainings
