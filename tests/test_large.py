"""Pathological input stays linear: huge lines, runs of blank lines, adversarial text for every rule.

The time bounds are tens of times what these inputs take (well under a second each), so they
only fail on quadratic or exponential behaviour such as catastrophic regex backtracking: a
quadratic pattern spends about 5 s on one 20,000-character near-match, a linear one a millisecond.
"""

from __future__ import annotations

import multiprocessing
import random
import re
import time
from collections.abc import Iterator

import pytest

from govclean import clean_text
from govclean.roles.rules import load_rules

#: Seconds a pathological input may take: generous, so a slow shared machine does not fail it.
BOUND = 10.0
#: Seconds all the near-matches of one pattern may take together.
PATTERN_BOUND = 1.5
ADVERSARIAL_CHARS = 20_000


def _timed_clean(text: str) -> tuple[str, float]:
    start = time.perf_counter()
    result = clean_text(text)
    return result.text, time.perf_counter() - start


def _hanzi(count: int) -> str:
    rng = random.Random(7)
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(count))


LONG_LINES = {
    "hanzi": _hanzi(350_000),
    "spaces": " " * 1_000_000,
    "key-value shapes": "来源: 被引量 | " * 60_000,
    "pipes and ideographic spaces": "｜\u3000|" * 150_000,
    "parentheses": "(作者单位:" * 170_000,
}


@pytest.mark.parametrize("name", LONG_LINES)
def test_one_megabyte_line_without_newline(name: str) -> None:
    """A line of about 1 MB without a newline cleans within the bound and is kept whole or blank."""
    line = LONG_LINES[name]
    assert len(line.encode("utf-8")) >= 1_000_000
    text, seconds = _timed_clean(line)
    assert seconds < BOUND
    assert text in ("", line.strip() + "\n")


def test_hundred_thousand_blank_lines() -> None:
    """100,000 blank lines around one paragraph collapse to that paragraph within the bound."""
    paragraph = _hanzi(60)
    text, seconds = _timed_clean("\n" * 50_000 + paragraph + " \n\u3000\r\n" * 25_000)
    assert seconds < BOUND
    assert text == paragraph + "\n"


def _adversarial(example: str) -> Iterator[str]:
    """Long strings that make a backtracking pattern try every split of a near-match."""
    yield example * (ADVERSARIAL_CHARS // max(len(example), 1))
    yield example[:-1] * (ADVERSARIAL_CHARS // max(len(example) - 1, 1))
    yield example[: len(example) // 2] + " " * ADVERSARIAL_CHARS + example[len(example) // 2 :]
    yield example[: len(example) // 2] + "\u3000:：" * (ADVERSARIAL_CHARS // 3)


def _patterns() -> dict[str, tuple[re.Pattern[str], tuple[str, ...]]]:
    rules = load_rules()
    found = {rule.id: (rule.pattern, rule.examples) for rule in rules.rules}
    found |= {f"field {f.name}": (f.value, f.labels) for f in rules.fields if f.value is not None}
    return found


def _search_all(pattern: re.Pattern[str], texts: list[str]) -> None:
    for text in texts:
        pattern.search(text)


@pytest.mark.parametrize("name", _patterns())
def test_rule_pattern_is_linear_on_adversarial_text(name: str) -> None:
    """Each rule and field pattern searches 20,000-character near-matches within the bound.

    The search runs in a child process that is killed at the bound: an exponential pattern would
    otherwise hold the test run for hours, since a regex search cannot be interrupted.
    """
    pattern, examples = _patterns()[name]
    texts = [text for example in examples or ("x",) for text in _adversarial(example)]
    child = multiprocessing.get_context("fork").Process(target=_search_all, args=(pattern, texts))
    child.start()
    child.join(PATTERN_BOUND)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"{pattern.pattern!r} takes over {PATTERN_BOUND} s on {len(texts)} near-matches")
    assert child.exitcode == 0
