"""清水乡's 2020 report for the demo: the narrative of the seed report, the figures computed."""

import datetime

from reports.services import report_create

OPENING = (
    "今年以来，清水乡党委在县委、县政府的坚强领导下，深入学习贯彻习近平新时代中国特色社会主义思想，"
    "全面落实新时代党的建设总要求，聚焦重点任务，细化措施、狠抓落实，全力推动2020年基层党建工作重点任务落地见效，"
    "不断增强基层党组织政治功能和组织力。"
)
SECTIONS = {
    "政治建设": (
        "聚焦政治建设，提升思想引领",
        "以加强学习为先导，坚持把学习作为推动落实各项工作的重要抓手，"
        "充分利用党委理论中心组学习、周一例会和“三会一课”平台，由领导班子带头领学，深入各基层党组织上专题党课。",
    ),
    "组织建设": (
        "聚焦强基固本，提高党建水平",
        "着力开展党支部规范化建设，对照五个基本和12类标准，采取“一支部一方案、"
        "一季度一调度”措施；抓实软弱涣散党组织整顿提升，坝干党支部已完成整改提升。",
    ),
    "组织生活": ("严格组织生活，增强党内生活的政治性", "督促各党支部落实“三会一课”、主题党日和组织生活会制度。"),
    "队伍建设": (
        "筹备村“两委”换届，建强带头人队伍",
        "成立换届工作领导小组和工作专班，有序推进摸底排查，培养行政村后备干部，完成行政村“两委”班子换届模拟配备。",
    ),
    "党员教育管理": (
        "严把党员入口关，加强党员教育管理",
        "不折不扣执行发展党员25道具体程序，严把党员入口关，保证党员质量。",
    ),
    "基础保障": (
        "聚焦产业发展，壮大集体经济",
        "坚持“抓党建谋发展，以发展促党建”的思路，着力在种好一棵茶、养好一头牛、育好一朵菌上下功夫。",
    ),
    "考核评价": ("压实党建责任，严格考核评价", "年底前组织开展基层党组织书记抓党建述职评议考核。"),
}
PROBLEMS = (
    "一是各级党组织班子抓党建的主动性不高，党务干部业务不精，党组织软件资料不过硬。\n"
    "二是农村普通党员及流动党员教育管理方式和力度不够，特别是对流动党员的关注、教育不够。\n"
    "三是部分农村党组织作用发挥不够，在组织引导党员群众推动经济发展上有差距。"
)
NEXT_STEPS = (
    "一是强化党建责任落实，发挥党建引领作用。\n"
    "二是突出重点工作落实，提升基层党建水平。\n"
    "三是继续发展壮大村级集体经济，助力乡村振兴。"
)


def seed_report_2020(township):
    day = datetime.date(2020, 11, 15)
    report = report_create(township=township, year=2020, today=day)
    report.as_of = report.issued_on = day
    report.title = f"{township.name}2020年基层党建重点任务落实情况汇报"
    report.opening, report.problems, report.next_steps = OPENING, PROBLEMS, NEXT_STEPS
    report.save()
    for section in report.sections.select_related("area"):
        heading, narrative = SECTIONS[section.area.name]
        section.heading, section.narrative = heading, narrative
        section.save()
    return report
