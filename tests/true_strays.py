"""The true stray characters of the shared simplified corpus, with the evidence for each.

Keys are paths below ``corpus/simplified``; values count each (stray, repair) pair.
"""

from __future__ import annotations

TRUE_STRAYS: dict[str, dict[tuple[str, str], int]] = {
    # 査 is the Japanese form of 查, inside the simplified 崔绍涵 entry (SOURCES.md names it).
    "chinesewebtext_fasttext_clean.jsonl": {("査", "查"): 1},
    # 钱鎛: 钱 is simplified, 鎛 is not; 镈 is the form of the 通用规范汉字表.
    "classical/caocao.json": {("鎛", "镈"): 1},
    # 人归後 / 玉树後庭: the edition writes 后 everywhere else; 辘轤 is half simplified already;
    # 濛 was merged into 蒙 and 泝 into 溯 by the 简化字总表 and the 异体字整理表.
    "classical/nantang_poetrys.json": {("後", "后"): 4, ("轤", "轳"): 3, ("濛", "蒙"): 2, ("泝", "溯"): 2},
    # 欧陽炯 and 华陽 in a simplified preface whose notes write 阳 (SOURCES.md: a real positive case).
    "stray-variants/huajianji_preface_stray_yang.json": {("陽", "阳"): 5},
}
