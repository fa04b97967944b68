"""The review page: built from the report records, complete, escaped, bounded, and working in a browser."""

from __future__ import annotations

import json
import os
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from bench.browser import Browser, find_chromium, png_colours
from govclean import clean_text
from govclean.cli import cli
from govclean.io.report import failure_report, result_report
from govclean.io.review import NO_RULE, VISIBLE, Review, rule_reason

from . import hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from .cli_fixtures import EXPECTED, SEED
from .conftest import ROOT, corpus_path
from .test_properties import LINE

GOLDEN = sorted((ROOT / "tests" / "golden").glob("*/raw.txt"))


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


class Page(HTMLParser):
    """What a test needs of a review page: its line rows, the rule table, links, scripts, text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, dict[str, Any]] = {}
        self.rule_rows: set[str] = set()
        self.files: set[str] = set()
        self.scripts: list[str] = []
        self.references: list[str] = []
        self.text: list[str] = []
        self._row: dict[str, Any] | None = None
        self._cell: str | None = None
        self._in_script = False
        self._in_del = self._in_ins = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        for key in ("src", "href", "action", "poster", "data"):
            if key in values and tag != "a":
                self.references.append(values[key])
        if tag == "a" and not values.get("href", "#").startswith("#"):
            self.references.append(values["href"])
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        elif tag == "tr" and "data-role" in values and values.get("id"):
            self._row = {
                "role": values["data-role"],
                "rules": values.get("data-rules", "").split(),
                "title": values.get("title", ""),
                "text": "",
                "before": "",
            }
            self.rows[values["id"]] = self._row
        elif tag == "tr" and values.get("id", "").startswith("r-"):
            self.rule_rows.add(values["id"][2:])
        elif tag == "td" and self._row is not None:
            self._cell = values.get("class")
        elif tag == "details" and "file" in values.get("class", ""):
            self.files.add(values["id"])
        elif tag == "del":
            self._in_del = True
        elif tag == "ins":
            self._in_ins = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        elif tag == "del":
            self._in_del = False
        elif tag == "ins":
            self._in_ins = False
        elif tag == "tbody":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
            return
        self.text.append(data)
        if self._row is not None and self._cell == "t":
            if not self._in_del:
                self._row["text"] += data
            if not self._in_ins:
                self._row["before"] += data

    def line(self, file_id: str, number: int) -> dict[str, Any]:
        return self.rows[f"{file_id}-L{number}"]


def _page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def _records(report: Path) -> list[dict[str, Any]]:
    return [
        record
        for line in report.read_text(encoding="utf-8").splitlines()
        if "summary" not in (record := json.loads(line))
    ]


def _check_every_line(page: Page, records: list[dict[str, Any]]) -> None:
    """Every removed, separated and kept line of every record is a row of its file, with its role
    and (for removed lines) its rule; repaired characters show their original."""
    assert len(page.files) == len(records)
    for index, record in enumerate(records):
        file_id = f"f{index}"
        for line in record["removed"]:
            row = page.line(file_id, line["line"])
            assert row["role"] == line["role"]
            assert row["rules"][0] == (line["rule"] or NO_RULE)
            assert row["text"] == line["text"]
            assert line["rule"] in row["title"]
        fixed = {fix["line"] for fix in record["fixes"]}
        for line in record["kept"]:
            row = page.line(file_id, line["line"])
            assert row["role"] == line["role"]
            assert row["text"] == line["text"]
            if line["line"] not in fixed:
                assert row["before"] == line["text"]
        for fix in record["fixes"]:
            row = page.line(file_id, fix["line"])
            assert fix["rule"] in row["rules"]
            assert row["before"][fix["column"] - 1] == fix["before"]


def _check_self_contained(page: Page) -> None:
    assert page.references == []
    assert len(page.scripts) == 1


def test_seed_page_shows_every_line_with_its_rule(tmp_path: Path) -> None:
    review, report = tmp_path / "review.html", tmp_path / "report.jsonl"
    result = run(SEED, "-o", tmp_path / "clean.txt", "--report", report, "--review", review)
    assert result.exit_code == 0, result.output
    page = _page(review)
    records = _records(report)
    _check_every_line(page, records)
    _check_self_contained(page)
    assert {line["rule"] for line in records[0]["removed"]} <= page.rule_rows
    assert "chars.single_form" in page.rule_rows
    text = "".join(page.text)
    assert "1 of 1 files are shown line by line" in text
    assert f"govclean review: {SEED}" in text
    assert "simplified (traditional 0.26%" in text


def test_shared_cases_page_covers_every_file_and_rule(tmp_path: Path) -> None:
    cases = corpus_path("cases")
    review, report = tmp_path / "review.html", tmp_path / "report.jsonl"
    result = run(cases, "--check", "--report", report, "--review", review, "-j", "2")
    assert result.exit_code == 1, result.output
    records = _records(report)
    page = _page(review)
    _check_every_line(page, records)
    _check_self_contained(page)
    fired = {line["rule"] for record in records for line in record["removed"]}
    assert fired <= page.rule_rows
    assert not any(rule_reason(rule) == "a rule with no description" for rule in fired)


def test_a_failing_file_is_listed_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00" * 64)
    (tmp_path / "in" / "seed.txt").write_bytes(SEED.read_bytes())
    review = tmp_path / "review.html"
    result = run(tmp_path / "in", "-o", tmp_path / "out", "--review", review)
    assert result.exit_code == 123
    page = _page(review)
    text = "".join(page.text)
    assert f"{tmp_path / 'in' / 'bad.txt'}: binary input" in text
    assert "1 failed" in text
    assert page.files == {"f1"}  # the seed, second in input order; the failure has no lines to show
    assert (tmp_path / "out" / "seed.txt").exists()


def test_markup_in_the_data_is_shown_as_text() -> None:
    lines = [
        "<script>alert('x')</script> 标题",
        "",
        "下载到本地 , 更方便阅读 <b>&amp;</b>",
        "　　" + "正文内容" * 20 + "<img src=x onerror=alert(1)>",
    ]
    record = result_report(clean_text("\n".join(lines) + "\n"), "<script>.txt", None)
    review = Review()
    review.add(record, 100)
    review.add(failure_report("'\"><script>bad.txt", "<b>reason</b>"))
    text = "".join(review.chunks())
    page = Page(text)
    _check_self_contained(page)
    assert "<script>alert" not in text and "<img" not in text
    assert page.line("f0", 1)["text"] == lines[0]
    assert page.line("f0", 3)["text"] == lines[2]
    assert page.line("f0", 4)["text"] == lines[3]
    joined = "".join(page.text)
    assert "'\"><script>bad.txt: <b>reason</b>" in joined


def test_controls_are_shown_and_surrogates_replaced() -> None:
    review = Review()
    record = result_report(clean_text("标题\n\n" + "正文内容" * 20 + "\n"), "a.txt", None)
    record["kept"][-1]["text"] = "tab\there \x1b bell\x07 lone\ud800"
    review.add(record)
    text = "".join(review.chunks())
    assert "tab\there \u241b bell\u2407 lone\ufffd" in text
    text.encode("utf-8")


#: Text a page must show as text: markup, references, comment and CDATA openers, quotes.
MARKUP = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "</td></tr></table>",
        "&amp;",
        "&lt;b&gt;",
        "'\"",
        "<!--",
        "]]>",
        "<img src=x onerror=alert(1)>",
        "javascript:",
        "\u2028",
    ]
)
PAGE_LINE = st.lists(st.one_of(LINE, MARKUP), max_size=4).map("".join)


@given(st.lists(PAGE_LINE, min_size=1, max_size=12))
def test_any_text_is_shown_on_the_page_as_it_is(lines: list[str]) -> None:
    record = result_report(clean_text("\n".join(lines) + "\n"), "<b>'&\".txt", None)
    review = Review()
    review.add(record)
    page = Page("".join(review.chunks()))
    _check_self_contained(page)
    for line in [*record["removed"], *record["kept"]]:
        assert page.line("f0", line["line"])["text"] == line["text"].translate(VISIBLE)


def _golden_review(**limits: int) -> tuple[Review, list[dict[str, Any]]]:
    review = Review(**limits)
    records = []
    for index, path in enumerate(GOLDEN):
        from govclean import clean_bytes

        record = result_report(clean_bytes(path.read_bytes()), str(path), None)
        records.append(record)
        review.add(record, index)
    return review, records


def test_a_capped_page_still_shows_every_rule_at_work() -> None:
    review, records = _golden_review(max_detailed=2)
    fired = {line["rule"] for record in records for line in record["removed"]}
    shown = set().union(*(detail.rules for detail in review.detailed))
    assert fired <= shown
    needed = len(fired)
    assert 2 <= len(review.detailed) < min(needed, len(records))
    page = Page("".join(review.chunks()))
    text = "".join(page.text)
    assert f"{len(review.detailed)} of {len(records)} files are shown line by line (at most 2" in text
    # Every rule's examples link to lines that are on the page.
    html = "".join(review.chunks())
    for target in re.findall(r"<li><a href='#(f[^']+)'>", html):
        assert target in page.rows or target in page.files
    # Every file is still in the overview.
    for record in records:
        assert record["source"] in text


def test_the_cap_prefers_warnings_and_the_largest_share_removed() -> None:
    review, _records = _golden_review(max_detailed=len(GOLDEN) // 2)
    ranks = sorted((row.rank for row in review.rows if row.status != "failed"), reverse=True)
    shown = {detail.row.rank for detail in review.detailed}
    # The best-ranked files are all shown; the rest of the places go to rules no other shows.
    top = ranks[: len(GOLDEN) // 4]
    assert set(top) <= shown


def test_a_long_file_shows_its_decisions_with_context() -> None:
    body = ["　　" + f"第{i}段正文内容" * 8 for i in range(300)]
    text = "标题\n\n" + "\n".join([*body[:150], "下载到本地 , 更方便阅读", *body[150:]]) + "\n"
    record = result_report(clean_text(text), "long.txt", None)
    review = Review(max_lines=50)
    review.add(record)
    page = Page("".join(review.chunks()))
    for line in record["removed"]:
        assert page.line("f0", line["line"])["rules"][0] == line["rule"]
    assert len(page.rows) < 50
    text = "".join(page.text)
    assert "lines (" in text and ") not shown" in text
    assert "every removed, separated or changed line with 3 kept lines around each;" in text
    assert ", up to line" not in text
    capped = Review(max_lines=3)
    capped.add(record)
    assert ", up to line " in "".join(capped.chunks())


def test_every_reason_names_a_rule_the_code_uses() -> None:
    reasons_file = ROOT / "govclean" / "data" / "reasons.toml"
    reasons = tomllib.loads(reasons_file.read_text(encoding="utf-8"))["reasons"]
    source = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "govclean").rglob("*.py"))
    for rule in reasons:
        assert f'"{rule}"' in source, rule
    for path in [*GOLDEN, SEED]:
        from govclean import clean_bytes

        for change in clean_bytes(path.read_bytes()).changes:
            assert rule_reason(change.rule) != "a rule with no description", change.rule


def test_one_file_to_stdout_keeps_stdout_for_the_text(tmp_path: Path) -> None:
    review = tmp_path / "review.html"
    result = run(SEED, "--review", review)
    assert result.exit_code == 0
    assert result.stdout == EXPECTED
    assert review.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_review_from_a_configuration_file_is_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    config = tmp_path / "conf" / "govclean.toml"
    config.write_text('[tool.govclean]\nreview = "pages/review.html"\n', encoding="utf-8")
    assert run(SEED, "--check", "--config", config).exit_code == 1
    assert (tmp_path / "conf" / "pages" / "review.html").exists()


def test_review_is_refused_over_an_input_or_another_output_and_with_jsonl(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_bytes(SEED.read_bytes())
    assert run(raw, "--check", "--review", raw).exit_code == 2
    assert raw.read_bytes() == SEED.read_bytes()
    clean = tmp_path / "clean.txt"
    result = run(raw, "-o", clean, "--review", clean)
    assert result.exit_code == 2
    assert "the review page and " in result.stderr and "would both be written to" in result.stderr
    assert not clean.exists()
    assert run("--jsonl", raw, "--review", tmp_path / "r.html").exit_code == 2


def test_an_interrupted_run_leaves_no_review(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import govclean.io.review

    def stop(*_args: Any, **_kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(govclean.io.review.Review, "add", stop)
    review = tmp_path / "review.html"
    result = run(SEED, "--check", "--review", review)
    assert result.exit_code == 130
    assert list(tmp_path.iterdir()) == []


# -- in a browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip(
            "no Chromium or Chrome on this machine "
            "(apt-get install chromium, or name one in GOVCLEAN_CHROMIUM)"
        )
    return found


def _browser_page(tmp_path: Path) -> Path:
    try:
        inputs = corpus_path("cases")
    except pytest.skip.Exception:
        inputs = ROOT / "tests" / "golden"
    review = tmp_path / "review.html"
    result = run(inputs, "--check", "--review", review, "--include", "raw.txt")
    assert result.exit_code in (0, 1), result.output
    return review


def test_the_page_renders_and_filters_in_chromium(tmp_path: Path, chromium: str) -> None:
    review = _browser_page(tmp_path)
    with Browser(chromium) as browser:
        browser.open(review.as_uri())
        assert browser.evaluate("document.querySelectorAll('details.file').length") > 1
        assert png_colours(browser.screenshot()) > 8, "the page rendered blank"
        # Choosing a rule in the filter shows its lines only, in the files that have them, opened.
        rule = browser.evaluate("document.querySelector('#filter-rule option:nth-child(2)').value")
        browser.evaluate(f"""(function () {{
            var select = document.getElementById('filter-rule');
            select.value = {json.dumps(rule)};
            select.dispatchEvent(new Event('change'));
        }})()""")
        visible = browser.evaluate("""Array.from(document.querySelectorAll('tr[data-role]'))
            .filter(function (row) { return row.offsetParent !== null; })
            .map(function (row) { return row.dataset.rules; })""")
        assert visible and all(rule in rules.split() for rules in visible)
        assert browser.evaluate("location.hash") == f"#filter:rule={rule}"
        assert re.fullmatch(
            r"\d+ lines in \d+ files match",
            browser.evaluate("document.getElementById('filter-status').textContent"),
        )
        # The address drives the filter too: a link that shows one role's lines.
        browser.evaluate("location.hash = '#filter:role=meta'")
        browser.evaluate("new Promise(function (done) { setTimeout(done, 50); })")
        roles = browser.evaluate("""Array.from(document.querySelectorAll('tr[data-role]'))
            .filter(function (row) { return row.offsetParent !== null; })
            .map(function (row) { return row.dataset.role; })""")
        assert roles and set(roles) == {"meta"}
        # An example link opens its file at the line, clearing the filter that hid it.
        target = browser.evaluate("document.querySelector('.examples a').getAttribute('href')")
        browser.evaluate(f"location.hash = {json.dumps(target)}")
        browser.evaluate("new Promise(function (done) { setTimeout(done, 50); })")
        assert browser.evaluate(f"document.getElementById({json.dumps(target[1:])}).offsetParent !== null")
        assert browser.errors == []
    with pytest.raises(ChildProcessError):  # the browser was waited for: nothing left to reap
        os.waitpid(browser.pid, os.WNOHANG)
