"""Topical closeness: searched in place or looked up in collected bigrams, the answers are the same."""

from __future__ import annotations

from govclean.topic import SEARCHES_BEFORE_SET, LineSet, bigrams, closeness, profile

LINES = [
    "近年来，某市坚持把社区治理作为基层工作的重点，通过完善议事协商机制、培育社区社会组织。",
    "在议事协商方面，各社区普遍建立了居民议事会，围绕停车难、加装电梯、垃圾分类等问题定期协商。",
    "在社会组织培育方面，市里设立了专项扶持资金，为初创期的社区社会组织提供场地、培训和项目指导。",
    "下一步，该市将继续深化社区治理改革，推动资源、服务和管理向基层下沉，让居民感受到治理效能的提升。",
    "电脑开机很慢是什么原因",
    "社区议事会如何组织居民协商",
    "新手学开车有哪些注意事项与技巧",
    "".join(map(chr, range(0x4E00, 0x4E80))),
]
QUERIES = [*LINES, "社区治理的经验与做法", "手机电池不耐用怎么办", "周末带孩子去哪里玩好呢", "治理"] * 8


def test_closeness_to_lines_equals_closeness_to_their_profile() -> None:
    """Well past the searches made in place, every answer equals the set-based one."""
    lines = LineSet(iter(LINES))
    vocabulary = profile(LINES)
    assert sum(len(bigrams(text)) for text in QUERIES) > 2 * SEARCHES_BEFORE_SET
    for text in QUERIES:
        assert lines.closeness(text) == closeness(text, vocabulary), text


def test_off_topic_line_equals_its_closeness_to_the_other_lines() -> None:
    lines = LineSet(LINES)
    for _ in range(3):  # the later rounds look the bigrams up in the collected ones
        for index, text in enumerate(LINES):
            others = profile(LINES[:index] + LINES[index + 1:])
            own = bigrams(text)
            expected = len(own) >= 6 and len(own & others) / len(own) < 0.3
            judged = len(profile(LINES)) >= len(own) + 100
            assert lines.off_topic(index, 0.3) == (expected and judged), text
