"""Topical closeness: searched in place or looked up in collected bigrams, the answers are the same."""

from __future__ import annotations

import math

import pytest

from govclean.roles import topic
from govclean.roles.topic import LineSet, bigrams, closeness, off_topic_lines, profile

LINES = [
    "近年来，某市坚持把社区治理作为基层工作的重点，通过完善议事协商机制、培育社区社会组织。",
    "在议事协商方面，各社区普遍建立了居民议事会，围绕停车难、加装电梯、垃圾分类等问题定期协商。",
    "在社会组织培育方面，市里设立了专项扶持资金，为初创期的社区社会组织提供场地、培训和项目指导。",
    "下一步，该市将继续深化社区治理改革，推动资源、服务和管理向基层下沉，让居民感受到治理效能的提升。",
    "电脑开机很慢是什么原因",
    "社区议事会如何组织居民协商",
    "新手学开车有哪些注意事项与技巧",
    "".join(map(chr, range(0x4E00, 0x4E80))),
    "电脑开机很慢怎么办",
    "短句",
]
QUERIES = [*LINES, "社区治理的经验与做法", "手机电池不耐用怎么办", "周末带孩子去哪里玩好呢", "治理"] * 8


@pytest.fixture(params=[math.inf, 0], ids=["searched", "collected"])
def reads_before_set(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Look bigrams up by searching only, or in the collected bigrams from the first search on."""
    monkeypatch.setattr(topic, "READS_BEFORE_SET", request.param)


@pytest.mark.usefixtures("reads_before_set")
def test_closeness_to_lines_equals_closeness_to_their_profile() -> None:
    lines = LineSet(iter(LINES))
    vocabulary = profile(LINES)
    for text in QUERIES:
        assert lines.closeness(text) == closeness(text, vocabulary), text


@pytest.mark.usefixtures("reads_before_set")
@pytest.mark.parametrize("share", [0.1, 0.3, 0.6])
def test_off_topic_lines_are_those_far_from_the_other_lines(share: float) -> None:
    """Each candidate is judged by its closeness to the other lines, whichever lines are candidates."""

    def expected(candidates: list[int]) -> list[int]:
        found = []
        for index in candidates:
            own = bigrams(LINES[index])
            others = profile(LINES[:index] + LINES[index + 1 :])
            judged = len(own) >= 6 and len(profile(LINES)) >= len(own) + 100
            if judged and len(own & others) / len(own) < share:
                found.append(index)
        return found

    for candidates in ([4, 5, 6, 8, 9], list(range(len(LINES))), [6], [9], []):
        assert off_topic_lines(LINES, candidates, share) == expected(candidates), candidates
