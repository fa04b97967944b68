"""The review page (``--review FILE.html``): one self-contained HTML file that shows people what a
run removed, kept and separated, line by line, and why.

The page is a view of the report records (:func:`govclean.io.report.result_report` and
:func:`~govclean.io.report.failure_report`), the records ``--report`` writes and ``--explain`` and
``--diff`` show: :class:`Review` takes them in input order and :meth:`Review.chunks` renders the
page in pieces. Pure: records in, text out; the caller writes the file.

Every file of a run is counted and listed in the overview; full detail (every line) is kept for at
most ``max_detailed`` files, chosen as the records arrive: a file that fired a rule no file kept so
far fired is always kept, and the other places go to the files with failures, warnings and the
largest share removed. So the page covers every rule and stays small enough for a browser on a
run of any size. Every piece of data is escaped; the page loads nothing (its content security
policy forbids it) and its script only reads the page's own attributes.
"""

from __future__ import annotations

import html
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govclean.record import Record

if TYPE_CHECKING:
    from govclean.roles.rules import Rule

#: Files shown line by line, besides those kept because they alone fired some rule.
MAX_DETAILED = 200
#: Lines shown of one file; a longer file shows its decisions with CONTEXT kept lines around each.
MAX_LINES_SHOWN = 2000
CONTEXT = 3
#: Rows of the overview's file list shown open; the others are folded (a browser lays out an open
#: table of 100,000 rows slowly).
OPEN_ROWS = 1000
#: Example lines per rule in the overview.
MAX_EXAMPLES = 3
#: Characters of a line shown in an example or a change's tooltip.
EXAMPLE_CHARS = 80
HISTOGRAM_BINS = 20
ROLES = ("title", "meta", "chrome", "body", "appended")
#: The rule id shown for a removed line that names none.
NO_RULE = "(no rule)"
#: What each role's lines become, for the legend.
ROLE_MEANING = {
    "title": "kept, first line",
    "meta": "removed, parsed into metadata",
    "chrome": "removed",
    "body": "kept",
    "appended": "separated into the appended output",
}
_SITE_ROLE = {
    "meta": "site metadata",
    "chrome": "site furniture",
    "appended": "another document's content",
    "body": "article text",
    "title": "the title",
}
_REASONS_FILE = Path(__file__).parent.parent / "data" / "reasons.toml"

# Characters a page must not carry as they are: C0 controls (but tab) shown as their control
# pictures, lone surrogates (which UTF-8 cannot encode) as U+FFFD.
VISIBLE = (
    {code: 0x2400 + code for code in range(32) if code != 9}
    | {0x7F: 0x2421}
    | dict.fromkeys(range(0xD800, 0xE000), 0xFFFD)
)


def escape(text: str) -> str:
    """``text`` as HTML text or attribute value: markup characters escaped, controls made visible."""
    return html.escape(text.translate(VISIBLE), quote=True)


@cache
def _code_reasons() -> dict[str, str]:
    data = tomllib.loads(_REASONS_FILE.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in data["reasons"].items()}


@cache
def rule_reason(rule: str) -> str:
    """Why ``rule`` changes a line: its entry in ``data/reasons.toml``, or for a site rule its role
    and zone; a change made under several rules (``normalize.nfc+normalize.kangxi``) gives each
    one's reason."""
    if "+" in rule:
        return "; ".join(rule_reason(part) for part in rule.split("+"))
    reasons = _code_reasons()
    if rule in reasons:
        return reasons[rule]
    site_rule = _site_rules().get(rule)
    if site_rule is None:
        return "a rule with no description"
    zone = "anywhere" if site_rule.zone == "anywhere" else f"in the {site_rule.zone} zone"
    return f"{_SITE_ROLE.get(site_rule.role, site_rule.role)}: a site rule's pattern matches, {zone}"


def rule_pattern(rule: str) -> str | None:
    """The pattern of a site rule, shortened; None for a rule decided in code."""
    site_rule = _site_rules().get(rule)
    return None if site_rule is None else _shortened(site_rule.source, EXAMPLE_CHARS)


@cache
def _site_rules() -> dict[str, Rule]:
    from govclean.roles.rules import load_rules

    return {site_rule.id: site_rule for site_rule in load_rules().rules}


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FileRow(Record):
    """One input's figures in the overview."""

    order: int
    name: str
    status: str
    size: int
    kept: int = 0
    removed: int = 0
    separated: int = 0
    repaired: int = 0
    encoding: str = ""
    script: str = ""
    #: The warnings, or the reason a failed input failed.
    notes: tuple[str, ...] = ()

    @property
    def lines(self) -> int:
        return self.kept + self.removed + self.separated

    @property
    def share(self) -> float:
        """The share of the file's non-blank lines that left the clean text."""
        return (self.removed + self.separated) / self.lines if self.lines else 0.0

    @property
    def rank(self) -> tuple[bool, bool, float, int, int]:
        """Larger first: failures, then warnings, then the largest share and count removed."""
        return (
            self.status == "failed",
            bool(self.notes),
            self.share,
            self.removed + self.separated,
            -self.order,
        )


@dataclass(slots=True)
class Tally:
    """How often one rule fired over the run."""

    role: str
    lines: int = 0
    files: int = 0


class Shown(Record):
    """A line of a detailed file: its number, role, rule (None for kept lines) and text."""

    number: int
    role: str
    rule: str | None
    text: str


class Gap(Record):
    """Kept lines left out of a long file's detail."""

    first: int
    last: int
    hidden: int


@dataclass(slots=True)
class Detail:
    """What the page shows of one file line by line, cut down when the record arrives."""

    row: FileRow
    rank: tuple[bool, bool, float, int, int]
    rules: frozenset[str]
    lines: list[Shown | Gap]
    #: In-line changes (repairs, normalisation, pinyin, mojibake) by line number; 0: whole text.
    changes: dict[int, list[Mapping[str, Any]]]
    encoding: Mapping[str, Any]
    script: Mapping[str, Any]
    metadata: Mapping[str, str]
    #: What a long file's detail leaves out (None: every line is shown).
    elided: str | None = None


@dataclass(slots=True)
class Review:
    """The records of one run, taken in input order, and the page that shows them."""

    max_detailed: int = MAX_DETAILED
    max_lines: int = MAX_LINES_SHOWN
    title: str = "govclean review"
    rows: list[FileRow] = field(default_factory=list)
    line_rules: dict[str, Tally] = field(default_factory=dict)
    change_rules: dict[str, Tally] = field(default_factory=dict)
    encodings: Counter[str] = field(default_factory=Counter)
    scripts: Counter[str] = field(default_factory=Counter)
    data_versions: Mapping[str, Any] | None = None
    _detailed: dict[int, Detail] = field(default_factory=dict)
    #: For each rule, how many detailed files fired it.
    _cover: Counter[str] = field(default_factory=Counter)
    #: :meth:`_weakest`'s answer, until a file is kept or dropped.
    _weakest_found: Detail | None = None
    _weakest_stale: bool = True

    def add(self, record: Mapping[str, Any], size: int = 0) -> None:
        """Count one input's report record; keep its lines if it earns a place in the detail."""
        index = len(self.rows)
        if record["status"] == "failed":
            self.rows.append(FileRow(index, record["source"], "failed", size, notes=(record["error"] or "",)))
            return
        self.data_versions = self.data_versions or record.get("data_versions")
        removed = record["removed"]
        separated = sum(1 for line in removed if line["role"] == "appended")
        changes = [*record["fixes"], *record["normalized"], *record["edits"]]
        encoding, script = record["encoding"], record["script"]
        row = FileRow(
            index,
            record["source"],
            record["status"],
            size,
            kept=len(record["kept"]),
            removed=len(removed) - separated,
            separated=separated,
            repaired=len(record["fixes"]),
            encoding=encoding["name"],
            script=script["verdict"],
            notes=tuple(record["warnings"]),
        )
        self.rows.append(row)
        self.encodings[
            encoding["name"] + ("" if encoding["method"] == encoding["name"] else f" ({encoding['method']})")
        ] += 1
        self.scripts[script["verdict"]] += 1
        fired = _tally(self.line_rules, ((line["rule"] or NO_RULE, line["role"]) for line in removed))
        fired |= _tally(self.change_rules, ((change["rule"], change["step"]) for change in changes))
        rank = row.rank
        if self._earns_detail(rank, fired):
            lines, elided = self._lines(record)
            self._keep(
                Detail(
                    row, rank, fired, lines, _by_line(changes), encoding, script, record["metadata"], elided
                )
            )

    def _earns_detail(self, rank: tuple[bool, bool, float, int, int], fired: frozenset[str]) -> bool:
        if any(rule not in self._cover for rule in fired) or len(self._detailed) < self.max_detailed:
            return True
        weakest = self._weakest()
        if weakest is None or weakest.rank >= rank:
            return False
        self._drop(weakest)
        return True

    def _keep(self, detail: Detail) -> None:
        self._detailed[detail.row.order] = detail
        self._cover.update(detail.rules)
        self._weakest_stale = True
        while len(self._detailed) > self.max_detailed and (weakest := self._weakest()) is not None:
            self._drop(weakest)

    def _weakest(self) -> Detail | None:
        """The lowest-ranked detailed file whose every rule another detailed file also shows."""
        if self._weakest_stale:
            spare = [
                detail
                for detail in self._detailed.values()
                if all(self._cover[rule] > 1 for rule in detail.rules)
            ]
            self._weakest_found = min(spare, key=lambda detail: detail.rank, default=None)
            self._weakest_stale = False
        return self._weakest_found

    def _drop(self, detail: Detail) -> None:
        del self._detailed[detail.row.order]
        self._cover.subtract(detail.rules)
        self._cover += Counter()  # drops the rules no detailed file shows any more
        self._weakest_stale = True

    def _lines(self, record: Mapping[str, Any]) -> tuple[list[Shown | Gap], str | None]:
        """The file's lines in order; past ``max_lines``, its decisions with CONTEXT kept lines
        around each (changed kept lines count as decisions), up to ``max_lines``, the other lines
        folded; and what was left out."""
        lines = sorted(
            [
                Shown(line["line"], line["role"], line["rule"] or NO_RULE, line["text"])
                for line in record["removed"]
            ]
            + [Shown(line["line"], line["role"], None, line["text"]) for line in record["kept"]],
            key=lambda line: line.number,
        )
        if len(lines) <= self.max_lines:
            every: list[Shown | Gap] = list(lines)
            return every, None
        changed = {change["line"] for key in ("fixes", "normalized", "edits") for change in record[key]}
        decided = [i for i, line in enumerate(lines) if line.rule is not None or line.number in changed]
        around = sorted(
            {j for i in decided for j in range(max(i - CONTEXT, 0), min(i + CONTEXT + 1, len(lines)))}
        )
        wanted = around[: self.max_lines]
        shown: list[Shown | Gap] = []
        previous = -1
        for i in wanted:
            if i > previous + 1:
                shown.append(Gap(lines[previous + 1].number, lines[i - 1].number, i - previous - 1))
            shown.append(lines[i])
            previous = i
        if previous < len(lines) - 1:
            shown.append(Gap(lines[previous + 1].number, lines[-1].number, len(lines) - previous - 1))
        elided = f"every removed, separated or changed line with {CONTEXT} kept lines around each"
        if len(around) > len(wanted):
            elided += f", up to line {lines[wanted[-1]].number} ({len(wanted):,} lines)"
        return shown, elided + "; the report has every line"

    # -- the page ------------------------------------------------------------------------------

    @property
    def detailed(self) -> list[Detail]:
        """The files shown line by line, in the overview's order."""
        return sorted(self._detailed.values(), key=lambda detail: detail.rank, reverse=True)

    def chunks(self) -> Iterator[str]:
        """The page, in pieces to write one after the other."""
        from govclean import __version__

        details = self.detailed
        yield _HEAD.format(title=escape(self.title), style=_STYLE)
        yield f"<h1>{escape(self.title)}</h1>\n<p class=sub>govclean {escape(__version__)}"
        if self.data_versions:
            yield f"; data: {escape(_versions(self.data_versions))}"
        yield (
            "</p>\n<nav><a href=#overview>Overview</a> · <a href=#rules>Rules</a> · "
            "<a href=#shares>Share removed</a> · <a href=#files>Files</a> · "
            "<a href=#detail>Per file</a></nav>\n"
        )
        yield from self._overview(details)
        yield self._histogram()
        yield from self._rules_tables(details)
        yield from self._file_list()
        yield from self._details(details)
        yield f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"

    def _overview(self, details: Sequence[Detail]) -> Iterator[str]:
        rows = self.rows
        status = Counter(row.status for row in rows)
        warned = [row for row in rows if row.notes and row.status != "failed"]
        failed = [row for row in rows if row.status == "failed"]
        figures = [
            (
                "files",
                f"{len(rows):,} ({status['cleaned']:,} cleaned, {status['unchanged']:,} unchanged, "
                f"{status['failed']:,} failed)",
            ),
            ("bytes read", f"{sum(row.size for row in rows):,}"),
            ("lines kept", f"{sum(row.kept for row in rows):,}"),
            ("lines removed", f"{sum(row.removed for row in rows):,} (site metadata and furniture)"),
            ("lines separated", f"{sum(row.separated for row in rows):,} (appended content)"),
            ("characters repaired", f"{sum(row.repaired for row in rows):,}"),
            ("encodings met", _counted(self.encodings)),
            ("scripts", _counted(self.scripts)),
            ("warnings", f"{sum(len(row.notes) for row in warned):,} in {len(warned):,} files"),
            ("failures", f"{len(failed):,}"),
        ]
        yield "<section id=overview><h2>Overview</h2>\n<dl class=figures>\n"
        yield "".join(f"<div><dt>{escape(label)}<dd>{escape(value)}</div>\n" for label, value in figures)
        yield "</dl>\n"
        shown = len(details)
        yield (
            f"<p class=note id=detail-note>Every file is counted and listed below; {shown:,} of "
            f"{len(rows):,} files are shown line by line"
        )
        if shown < len(rows) - len(failed):
            yield (
                f" (at most {self.max_detailed:,}, plus any more needed to show every rule at "
                "work: first the files that cover every rule, then those with warnings and the "
                "largest share removed)"
            )
        yield ".</p>\n"
        if failed:
            yield "<h3>Failures</h3>\n<ul class=failures>\n"
            yield "".join(f"<li><b>{escape(row.name)}</b>: {escape(row.notes[0])}\n" for row in failed)
            yield "</ul>\n"
        yield (
            "<p class=legend>"
            + " ".join(f"<span class='{role}'>{role}</span> {escape(ROLE_MEANING[role])};" for role in ROLES)
            + "</p>\n"
        )
        yield "</section>\n"

    def _rules_tables(self, details: Sequence[Detail]) -> Iterator[str]:
        line_examples, change_examples = _examples(details)
        yield (
            "<section id=rules><h2>Rules</h2>\n<p>Lines each rule took out of the clean text, in how "
            "many files, why, and examples (a link opens the line in its file).</p>\n"
            "<table class=rules><thead><tr><th>rule<th>role<th>lines<th>files<th>why<th>examples"
            "</thead><tbody>\n"
        )
        yield from _rule_rows(self.line_rules, line_examples)
        yield "</tbody></table>\n"
        if self.change_rules:
            yield (
                "<h3>Changes inside kept lines</h3>\n<table class=rules><thead><tr><th>rule<th>step"
                "<th>changes<th>files<th>why<th>examples</thead><tbody>\n"
            )
            yield from _rule_rows(self.change_rules, change_examples)
            yield "</tbody></table>\n"
        yield "</section>\n"

    def _histogram(self) -> str:
        """An inline SVG histogram of the share of each cleaned file's lines removed or separated."""
        shares = [row.share for row in self.rows if row.status != "failed"]
        bins = [0] * HISTOGRAM_BINS
        for share in shares:
            bins[min(int(share * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)] += 1
        width, height, left, bottom, bar = 680, 180, 40, 24, 28
        top = max(bins, default=0) or 1
        parts = [
            f"<svg class=histogram role=img viewBox='0 0 {width} {height}' width={width} "
            f"height={height} aria-label='files by share of lines removed'>"
        ]
        plot = height - bottom - 16
        for i, count in enumerate(bins):
            x = left + i * (bar + 2)
            h = round(plot * count / top)
            low, high = 100 * i // HISTOGRAM_BINS, 100 * (i + 1) // HISTOGRAM_BINS
            parts.append(
                f"<g><title>{low}–{high} % removed: {count:,} files</title>"
                f"<rect x={x} y={height - bottom - h} width={bar} height={h} class=bar />"
                + (
                    f"<text x={x + bar / 2} y={height - bottom - h - 3} class=count>{count}</text>"
                    if count
                    else ""
                )
                + "</g>"
            )
        for percent in range(0, 101, 25):
            tick = left + percent * HISTOGRAM_BINS * (bar + 2) / 100
            parts.append(f"<text x={tick} y={height - 6} class=axis>{percent} %</text>")
        parts.append(
            f"<line x1={left} y1={height - bottom} x2={left + HISTOGRAM_BINS * (bar + 2)} "
            f"y2={height - bottom} class=base /></svg>"
        )
        return (
            "<section id=shares><h2>Share of each file removed</h2>\n<p>Files by the share of their "
            "non-blank lines removed or separated; outliers on the right are worth a look.</p>\n"
            + "".join(parts)
            + "\n</section>\n"
        )

    def _file_list(self) -> Iterator[str]:
        rows = sorted(self.rows, key=lambda row: row.rank, reverse=True)
        head = (
            "<table class=files><colgroup><col class=name><col span=5 class=count><col span=2 class=kind>"
            "<col></colgroup><thead><tr><th>file<th>share removed<th>kept<th>removed<th>separated"
            "<th>repaired<th>encoding<th>script<th>warnings or failure</thead><tbody>\n"
        )
        yield (
            "<section id=files><h2>Files</h2>\n<p>Failures, warnings and the largest share removed "
            "first; a linked name is shown line by line below.</p>\n" + head
        )
        for count, row in enumerate(rows):
            if count == OPEN_ROWS:
                yield (
                    f"</tbody></table>\n<details class=more><summary>the other {len(rows) - OPEN_ROWS:,} "
                    f"files</summary>\n{head}"
                )
            yield self._file_row(row)
        yield "</tbody></table>\n" + ("</details>\n" if len(rows) > OPEN_ROWS else "") + "</section>\n"

    def _file_row(self, row: FileRow) -> str:
        name = escape(row.name)
        if row.order in self._detailed:
            name = f"<a href='#f{row.order}'>{name}</a>"
        percent = f"{row.share:.0%}"
        return (
            f"<tr class={row.status}><td>{name}<td class=share style='--s:{percent}'>{percent}"
            f"<td class=num>{row.kept}<td class=num>{row.removed}<td class=num>{row.separated}"
            f"<td class=num>{row.repaired}<td>{escape(row.encoding)}<td>{escape(row.script)}"
            f"<td>{escape('; '.join(row.notes))}\n"
        )

    def _details(self, details: Sequence[Detail]) -> Iterator[str]:
        rules = sorted({**self.line_rules, **self.change_rules}.items(), key=lambda item: item[0])
        yield (
            "<section id=detail><h2>Per file</h2>\n<form class=filter>"
            "<label>rule <select id=filter-rule><option value=''>any rule</option>"
        )
        yield "".join(
            f"<option value='{escape(rule)}'>{escape(rule)} ({tally.lines:,})</option>"
            for rule, tally in rules
        )
        yield "</select></label> <label>role <select id=filter-role><option value=''>any role</option>"
        yield "".join(f"<option>{role}</option>" for role in ROLES)
        yield (
            "</select></label> <output id=filter-status></output> "
            "<button type=button id=open-all>open all</button> "
            "<button type=button id=close-all>close all</button></form>\n"
        )
        for detail in details:
            yield from _file_detail(detail)
        yield "</section>\n"


def _rule_rows(
    tallies: Mapping[str, Tally], examples: Mapping[str, list[tuple[int, int, str]]]
) -> Iterator[str]:
    """One row per rule, most lines first: what it did, where, why, and links to its examples."""
    for rule, tally in sorted(tallies.items(), key=lambda item: (-item[1].lines, item[0])):
        links = "".join(
            f"<li><a href='#{_line_id(index, number)}'>{escape(_shortened(text, EXAMPLE_CHARS))}</a>"
            for index, number, text in examples.get(rule, ())
        )
        kind = escape(tally.role)
        shape = rule_pattern(rule)
        pattern = f"<br><code class=pattern>{escape(shape)}</code>" if shape else ""
        yield (
            f"<tr id='{escape(_rule_id(rule))}'><td><code>{escape(rule)}</code> "
            f"<a class=show href='#filter:rule={escape(rule)}'>show</a>"
            f"<td><span class='{kind}'>{kind}</span><td class=num>{tally.lines:,}"
            f"<td class=num>{tally.files:,}<td>{escape(rule_reason(rule))}{pattern}"
            f"<td><ul class=examples>{links}</ul>\n"
        )


def _tally(tallies: dict[str, Tally], fired: Iterable[tuple[str, str]]) -> frozenset[str]:
    """Add one file's rule firings (rule, role or step) to ``tallies``; the rules that fired."""
    counts = Counter(fired)
    for (rule, kind), count in counts.items():
        tally = tallies.get(rule)
        if tally is None:
            tally = tallies[rule] = Tally(kind)
        tally.lines += count
    rules = frozenset(rule for rule, _kind in counts)
    for rule in rules:
        tallies[rule].files += 1
    return rules


def _by_line(changes: Iterable[Mapping[str, Any]]) -> dict[int, list[Mapping[str, Any]]]:
    found: dict[int, list[Mapping[str, Any]]] = {}
    for change in changes:
        found.setdefault(change["line"], []).append(change)
    return found


def _examples(
    details: Sequence[Detail],
) -> tuple[dict[str, list[tuple[int, int, str]]], dict[str, list[tuple[int, int, str]]]]:
    """Up to MAX_EXAMPLES (file index, line, text) per rule, from the detailed files in page order;
    changes inside lines are shown as ``before → after``."""
    lines: dict[str, list[tuple[int, int, str]]] = {}
    changes: dict[str, list[tuple[int, int, str]]] = {}
    for detail in details:
        index = detail.row.order
        for line in detail.lines:
            if isinstance(line, Shown) and line.rule is not None:
                found = lines.setdefault(line.rule, [])
                if len(found) < MAX_EXAMPLES:
                    found.append((index, line.number, line.text.strip()))
        for number, changed in sorted(detail.changes.items()):
            for change in changed:
                found = changes.setdefault(change["rule"], [])
                if len(found) < MAX_EXAMPLES:
                    found.append((index, number, _change_text(change)))
    return lines, changes


def _change_text(change: Mapping[str, Any]) -> str:
    before = _shortened(change["before"], EXAMPLE_CHARS // 2)
    after = _shortened(change["after"], EXAMPLE_CHARS // 2)
    return f"{before} → {after}"


def _file_detail(detail: Detail) -> Iterator[str]:
    row = detail.row
    encoding, script = detail.encoding, detail.script
    summary = (
        f"<b>{escape(row.name)}</b> <span class=stat>{row.status}; {row.share:.0%} removed: "
        f"{row.kept} kept, {row.removed} removed, {row.separated} separated, {row.repaired} repaired"
        + (f"; {len(row.notes)} warnings" if row.notes else "")
        + "</span>"
    )
    facts = [
        (
            "encoding",
            f"{encoding['name']} ({encoding['method']}, confidence {encoding['confidence']})"
            + (
                f", {encoding['replacements']} undecodable (U+FFFD), damage {encoding['damage_ratio']}"
                if encoding.get("replacements")
                else ""
            )
            + (f", repaired: {encoding['mojibake']}" if encoding.get("mojibake") else ""),
        ),
        (
            "script",
            f"{script['verdict']} (traditional {script['traditional_ratio']:.2%} of "
            f"{script['script_specific']} script-specific characters; "
            f"decided by {script['decided_by']})",
        ),
    ]
    facts += [("warning", warning) for warning in row.notes]
    facts += [
        ("whole text", f"{change['rule']}: {_change_text(change)}") for change in detail.changes.get(0, ())
    ]
    if detail.metadata:
        facts.append(("metadata", "; ".join(f"{key}: {value}" for key, value in detail.metadata.items())))
    if detail.elided:
        facts.append(("shown", detail.elided))
    yield (
        f"<details class=file id=f{row.order} data-rules='{escape(' '.join(sorted(detail.rules)))}'>"
        f"<summary>{summary}</summary>\n<dl>"
        + "".join(f"<dt>{escape(label)}<dd>{escape(value)}" for label, value in facts)
        + "</dl>\n<table class=lines><tbody>\n"
    )
    previous: str | None = None
    for line in detail.lines:
        if isinstance(line, Gap):
            yield (
                f"<tr class=gap data-role=''><td class=n><td colspan=2>… {line.hidden:,} lines "
                f"({line.first}–{line.last}) not shown\n"
            )
        else:
            yield _line_row(row.order, line, detail.changes.get(line.number, ()), said=line.rule == previous)
            previous = line.rule
    yield "</tbody></table>\n</details>\n"


def _line_row(index: int, line: Shown, changes: Sequence[Mapping[str, Any]], said: bool = False) -> str:
    """One line's row; its rule's reason is written out beside the first of a run of lines of the
    same rule (``said``: the line above had it) and is on every line's hover."""
    rules = [line.rule] if line.rule is not None else []
    rules += [change["rule"] for change in changes if change["rule"] not in rules]
    why = []
    if line.rule is not None:
        reason = rule_reason(line.rule)
        why.append(
            f"<a href='#{escape(_rule_id(line.rule))}'>{escape(line.rule)}</a>"
            + ("" if said else f" <small>{escape(reason)}</small>")
        )
        hover = f"{line.role} · {line.rule}: {reason}"
    else:
        hover = line.role
    by_rule: dict[str, list[str]] = {}
    for change in changes:
        by_rule.setdefault(change["rule"], []).append(_change_text(change))
    for rule, made in by_rule.items():
        described = f"{rule_reason(rule)}: {', '.join(made)}"
        times = f" ×{len(made)}" if len(made) > 1 else ""
        why.append(f"<span class=chg title='{escape(described)}'>{escape(rule)}{times}</span>")
    role = escape(line.role)
    return (
        f"<tr id={_line_id(index, line.number)} class={role} data-role={role} "
        f"data-rules='{escape(' '.join(rules))}' title='{escape(hover)}'><td class=n>{line.number}"
        f"<td class=t>{_marked(line.text, changes)}<td class=why><span class=role>{role}</span> "
        + " ".join(why)
        + "\n"
    )


def _marked(text: str, changes: Sequence[Mapping[str, Any]]) -> str:
    """The line's text with each repaired character shown as before → after."""
    repairs = {
        change["column"]: change
        for change in changes
        if change["step"] == "repair_characters"
        and change.get("column")
        and text[change["column"] - 1 : change["column"] - 1 + len(change["after"])] == change["after"]
    }
    if not repairs:
        return escape(text)
    pieces = []
    last = 0
    for column in sorted(repairs):
        change = repairs[column]
        start = column - 1
        pieces.append(escape(text[last:start]))
        pieces.append(
            f"<span class=fix title='{escape(change['before'])} → {escape(change['after'])}: "
            f"{escape(change['rule'])}'><del>{escape(change['before'])}</del>"
            f"<ins>{escape(change['after'])}</ins></span>"
        )
        last = start + len(change["after"])
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def _line_id(index: int, number: int) -> str:
    """A line's anchor; a change to the whole text (line 0: a BOM, line endings) links to its file."""
    return f"f{index}-L{number}" if number else f"f{index}"


def _rule_id(rule: str) -> str:
    return f"r-{rule}"


def _counted(counter: Counter[str]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in counter.most_common()) or "none"


def _versions(versions: Mapping[str, Any]) -> str:
    rules = versions.get("rules") or {}
    return (
        "rules "
        + ", ".join(f"{family} {version}" for family, version in rules.items())
        + f"; characters {versions.get('characters', '')}"
    )


# No resource may come from elsewhere: the policy forbids every fetch, and only the page's own
# style and script run.
_HEAD = """<!DOCTYPE html>
<html lang=zh-Hans>
<head>
<meta charset=utf-8>
<meta http-equiv=Content-Security-Policy content="default-src 'none'; style-src 'unsafe-inline'; \
script-src 'unsafe-inline'; img-src data:">
<meta name=viewport content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
"""

_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
margin:0 auto;max-width:1200px;padding:0 16px 48px;color:#1d1d1f;background:#fff}
h1{font-size:22px;margin:16px 0 0}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
h3{font-size:15px}.sub{color:#666;margin:2px 0 8px}nav{position:sticky;top:0;background:#fff;padding:6px 0;
border-bottom:1px solid #eee;z-index:2}a{color:#0b57d0}code{font-size:13px}
table{border-collapse:collapse}td,th{padding:2px 6px;vertical-align:top;text-align:left}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:6px}
.figures div{border:1px solid #e3e3e3;border-radius:4px;padding:4px 8px;background:#fafbfc}
.figures dt{font-size:12px;color:#555}.figures dd{margin:0;font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}
.rules,.files{width:100%;font-size:13px}.rules tr,.files tr{border-top:1px solid #eee}
.examples{margin:0;padding-left:16px}.show{font-size:12px}.note{color:#444}
.files{table-layout:fixed}.files .name{width:26%}.files .count{width:7%}.files .kind{width:8%}
.files td:first-child{word-break:break-all}.files td:last-child{color:#8a4b00}
.share{background:linear-gradient(90deg,#f4b8b0 var(--s),transparent var(--s))}
tr.failed td{color:#b00020}.failures{color:#b00020}
.title{background:#dbe8ff;font-weight:600}.meta{background:#eadcff}.chrome{background:#ffd9d4}
.body{background:#fff}.appended{background:#ffefc2}
.legend span{padding:0 6px;border-radius:3px;border:1px solid #ccc}
details.file{border:1px solid #ddd;border-radius:4px;margin:6px 0;padding:2px 8px;scroll-margin-top:90px}
details.file>summary{cursor:pointer;padding:4px 0}.stat{color:#555;font-size:13px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 10px;font-size:13px;margin:4px 0 8px}
dt{color:#555}dd{margin:0}
.lines{width:100%;font-size:13px}.lines td.n{color:#888;text-align:right;width:3em;user-select:none}
.lines td.t{white-space:pre-wrap;word-break:break-all}.lines td.why{width:32%;font-size:12px;color:#333}
.lines tr{border-top:1px solid #f2f2f2;scroll-margin:120px 0}
.lines tr:target,.lines tr.target{outline:2px solid #0b57d0}
.why small{color:#555}.pattern{font-size:11px;color:#555;word-break:break-all}
.role{font-weight:600}.chg{border-bottom:1px dotted #555;margin-left:4px}
.fix del{color:#b00020}.fix ins{color:#137333;text-decoration:none;font-weight:700}
.fix del::after{content:"→";color:#555}.gap td{color:#888;font-style:italic;background:#fafafa}
.filter{position:sticky;top:34px;background:#f6f8fa;padding:6px;border:1px solid #ddd;z-index:1}
.histogram .bar{fill:#d9534f}.histogram .count{font-size:10px;text-anchor:middle;fill:#333}
.histogram .axis{font-size:11px;fill:#555;text-anchor:middle}.histogram .base{stroke:#888}
"""

# The filter shows the lines of one rule and one role (also driven by the address,
# #filter:rule=RULE&role=ROLE, so a link can show them); a link to a line opens its file. Data is
# read from attributes and written with textContent only.
_SCRIPT = """
(function () {
  "use strict";
  var rule = document.getElementById("filter-rule");
  var role = document.getElementById("filter-role");
  var status = document.getElementById("filter-status");
  var files = document.querySelectorAll("details.file");
  function has(rules, wanted) {
    return (" " + rules + " ").indexOf(" " + wanted + " ") >= 0;
  }
  function apply(wantedRule, wantedRole) {
    rule.value = wantedRule;
    role.value = wantedRole;
    if (rule.value !== wantedRule) { wantedRule = ""; rule.value = ""; }
    var active = wantedRule !== "" || wantedRole !== "";
    var lines = 0, shown = 0;
    files.forEach(function (file) {
      var any = false;
      file.querySelectorAll("tr[data-role]").forEach(function (row) {
        var ok = !active || (row.dataset.role !== "" &&
          (wantedRule === "" || has(row.dataset.rules, wantedRule)) &&
          (wantedRole === "" || row.dataset.role === wantedRole));
        row.hidden = !ok;
        if (ok && active) { any = true; lines += 1; }
      });
      file.hidden = active && !any;
      if (active && any) { file.open = true; shown += 1; }
    });
    status.textContent = active ? lines + " lines in " + shown + " files match" : "";
    document.body.setAttribute("data-filter", active ? wantedRule + "|" + wantedRole : "");
  }
  function fromAddress() {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf("filter:") === 0) {
      var query = new URLSearchParams(hash.slice(7));
      apply(query.get("rule") || "", query.get("role") || "");
      document.getElementById("detail").scrollIntoView();
      return;
    }
    var target = hash ? document.getElementById(hash) : null;
    if (!target) { return; }
    if (target.hidden || (target.closest("details.file") || {}).hidden) { apply("", ""); }
    var file = target.closest("details");
    if (file) { file.open = true; }
    document.querySelectorAll("tr.target").forEach(function (row) { row.classList.remove("target"); });
    if (target.tagName === "TR") { target.classList.add("target"); }
    target.scrollIntoView({block: target.tagName === "TR" ? "center" : "start"});
  }
  function changed() {
    var query = new URLSearchParams();
    if (rule.value) { query.set("rule", rule.value); }
    if (role.value) { query.set("role", role.value); }
    var text = query.toString();
    try {
      history.replaceState(null, "", text ? "#filter:" + text : location.pathname + location.search);
    } catch (error) { /* an address that cannot be rewritten: the filter still applies */ }
    apply(rule.value, role.value);
  }
  function openAll(open) {
    files.forEach(function (file) { if (!file.hidden) { file.open = open; } });
  }
  rule.addEventListener("change", changed);
  role.addEventListener("change", changed);
  document.getElementById("open-all").addEventListener("click", function () { openAll(true); });
  document.getElementById("close-all").addEventListener("click", function () { openAll(false); });
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
})();
"""
