"""Breaking a document title into lines, as GB/T 9704-2012 7.3.3 asks.

A long title 「回行时，要做到词意完整，排列对称，长短适宜，间距恰当」: lines of near-equal
length (梯形 or 菱形), never a word cut in two, never one character alone on the last
line (「…落实情况汇 / 报」). The clerk may choose the breaks by typing 「|」 where a line
ends; otherwise a title too long for one line is split into the fewest lines, as even
as the words allow.
"""

import math
import re

BREAK_MARKS = "|｜"
# 2号 (22 pt) 小标宋 across the 156 mm text block: 442 pt, 20 characters a line.
CHARACTERS_PER_LINE = 20

# Words a title is made of: a line may end between two of them, never inside one.
# Titles are short and formulaic, so a list does what a segmenter would.
_WORDS = (
    "基层党建 党建 基层 工作 情况 汇报 报告 总结 计划 方案 要点 意见 通知 办法 规定 细则 "
    "重点 任务 落实 推进 开展 实施 全面 从严 治党 主体 责任 述职 评议 考核 考评 "
    "党委 党总支 党支部 支部 党组织 组织 党员 干部 队伍 教育 管理 监督 发展 建设 "
    "规范化 标准化 示范 创建 专项 整治 乡村 振兴 巩固 拓展 脱贫 攻坚 成果 "
    "年度 上半年 下半年 全年 关于 进一步 加强 深化 提升 质量 中共 委员会 "
    "新时代 乡村振兴 全面从严治党 从严治党 主体责任 党组织建设"
)
WORDS = tuple(_WORDS.split(" "))
# A line may well end after these (年, 的, conjunctions and enumeration marks).
GOOD_ENDINGS = set("年的和与及、，：")

FORBIDDEN, INSIDE_WORD, PLAIN, WORD_EDGE, GOOD = math.inf, 50.0, 4.0, 1.0, 0.0
EXTRA_LINE = 20.0


def plain_title(title: str) -> str:
    """The title as one line: file names, page titles, the workbook."""
    return re.sub(f"\\s*[{BREAK_MARKS}\\n]\\s*", "", title).strip()


def _width(text: str) -> float:
    # Digits and Latin letters are a little over half as wide as a Chinese character (0.56 em in
    # Noto Serif CJK): counted as 0.6, so a title the estimate calls full does wrap in the PDF
    # (「…落实情况汇 / 报」 was 18 characters and 4 digits, "exactly" 20 at 0.5).
    return sum(0.6 if c.isascii() else 1.0 for c in text)


def _break_costs(title: str) -> list[float]:
    """costs[i]: how bad it is to end a line before title[i] (i in 1..len-1)."""
    costs = [PLAIN] * (len(title) + 1)
    for word in sorted(WORDS, key=len):
        for match in re.finditer(re.escape(word), title):
            for i in range(match.start() + 1, match.end()):
                costs[i] = INSIDE_WORD
    for word in WORDS:
        for match in re.finditer(re.escape(word), title):
            for i in (match.start(), match.end()):
                if costs[i] == PLAIN:
                    costs[i] = WORD_EDGE
    for i in range(1, len(title)):
        if title[i - 1] in GOOD_ENDINGS and costs[i] != INSIDE_WORD:
            costs[i] = GOOD
        if title[i - 1].isascii() and title[i].isascii() and (title[i - 1] + title[i]).isalnum():
            costs[i] = FORBIDDEN  # never inside a number or a Latin word
    return costs


def title_lines(title: str, per_line: int = CHARACTERS_PER_LINE) -> list[str]:
    """The lines the title is printed on."""
    title = title.strip()
    if any(mark in title for mark in BREAK_MARKS + "\n"):
        return [line.strip() for line in re.split(f"[{BREAK_MARKS}\\n]", title) if line.strip()]
    total = _width(title)
    if total <= per_line:
        return [title] if title else []
    fewest = math.ceil(total / per_line)
    # The fewest lines, or one more when only that keeps words whole (a full 100-character
    # title): an extra line costs as much as a few poor breaks, less than a cut word.
    options = []
    for extra in (0, 1):
        found = _balanced(title, fewest + extra, per_line)
        if found:
            options.append((found[0] + EXTRA_LINE * extra, found[1]))
    return min(options, default=(0.0, [title]))[1]


def _balanced(title: str, n: int, per_line: int) -> tuple[float, list[str]] | None:
    """The cheapest way to set the title on n lines, with its cost, or None if it does not fit."""
    target = _width(title) / n
    costs = _break_costs(title)
    prefix = [0.0]
    for c in title:
        prefix.append(prefix[-1] + _width(c))
    # best[k][i]: the cheapest way to set title[:i] on k lines (squared distance from an
    # even line, plus the cost of each break); a line holds 2 to per_line characters.
    best = [[math.inf] * (len(title) + 1) for _ in range(n + 1)]
    back = [[0] * (len(title) + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for k in range(1, n + 1):
        for end in range(1, len(title) + 1):
            # A line holds at most per_line wide characters, so at most twice as many narrow ones.
            for start in range(max(0, end - 2 * per_line), end - 1):
                width = prefix[end] - prefix[start]
                if best[k - 1][start] == math.inf or width > per_line:
                    continue
                cost = best[k - 1][start] + (width - target) ** 2 + (costs[end] if end < len(title) else 0)
                if cost < best[k][end]:
                    best[k][end], back[k][end] = cost, start
    if best[n][len(title)] == math.inf:
        return None  # no break is possible (one long Latin word): the page wraps it
    lines, end = [], len(title)
    for k in range(n, 0, -1):
        start = back[k][end]
        lines.append(title[start:end])
        end = start
    return best[n][len(title)], lines[::-1]
