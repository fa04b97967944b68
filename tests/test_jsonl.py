"""JSON Lines streams: records cleaned in order, bad lines reported by number, gzip, directories, stdin."""

from __future__ import annotations

import gzip
import io
import json
import pickle
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from govclean import CleanConfig, clean_text
from govclean.cli import cli
from govclean.io.jsonl import JsonlOptions, Messages, clean_line, expand_sources, run_jsonl
from govclean.io.summary import EXIT_FAILED, EXIT_OK

CHROME = "下载到本地 , 更方便阅读"
DOCUMENT = f"社区治理的新探索\n\n{CHROME}\n街道把社会组织引入基层治理，居民议事会每月召开一次。\n"


def record_line(**fields: object) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8") + b"\n"


def run(
    sources: list[str],
    *,
    strict: bool = False,
    text_key: str = "text",
    id_key: str | None = "id",
    prefix: str = "govclean_",
    errors: list[str] | None = None,
) -> tuple[int, list[dict[str, object]], list[str]]:
    """Run run_jsonl into memory; the exit status, the output records and the messages, warnings
    and errors in order (the errors also in ``errors`` when given)."""
    output = io.BytesIO()
    messages: list[str] = []

    def error(message: str) -> None:
        messages.append(message)
        if errors is not None:
            errors.append(message)

    options = JsonlOptions(text_key, id_key, prefix, CleanConfig(), strict)
    counts = run_jsonl(sources, output, options, Messages(messages.append, error))
    records = [json.loads(line) for line in output.getvalue().splitlines()]
    return counts.exit_status(), records, messages


def test_record_text_is_cleaned_and_fields_added(tmp_path: Path) -> None:
    """The text field holds the clean text, other fields stay, govclean's fields use the prefix."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(record_line(id="a1", text=DOCUMENT, url="http://example.cn/1"))
    status, [record], warnings = run([str(source)], prefix="gc_")
    expected = clean_text(DOCUMENT)
    assert (status, warnings) == (EXIT_OK, [])
    assert record["text"] == expected.text
    assert CHROME not in record["text"]
    assert (record["id"], record["url"]) == ("a1", "http://example.cn/1")
    assert record["gc_metadata"] == expected.metadata
    assert record["gc_appended"] == list(expected.appended)
    assert record["gc_script"] == expected.script.as_dict()
    assert record["gc_encoding"] == expected.encoding.as_dict()
    assert record["gc_status"] == "cleaned"


def test_change_summary_counts_steps_roles_and_rules(tmp_path: Path) -> None:
    """The change summary agrees with the change records of the same clean."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(record_line(text=DOCUMENT))
    _, [record], _ = run([str(source)])
    changes = clean_text(DOCUMENT).changes
    summary = record["govclean_changes"]
    assert summary["total"] == len(changes) == sum(summary["by_step"].values())
    assert summary["by_role"]["chrome"] == sum(1 for c in changes if c.role == "chrome")
    assert set(summary["rules"]) == {c.rule for c in changes}


def test_unchanged_record_says_so(tmp_path: Path) -> None:
    """A record whose text is already clean has status 'unchanged' and no changes."""
    clean = clean_text(DOCUMENT).text
    source = tmp_path / "in.jsonl"
    source.write_bytes(record_line(text=clean))
    _, [record], _ = run([str(source)])
    assert (record["text"], record["govclean_status"]) == (clean, "unchanged")


def test_a_text_that_looks_like_html_is_cleaned_with_a_warning_in_its_record(tmp_path: Path) -> None:
    """A record holding a page's markup is cleaned, and its warnings say to extract the text first,
    as a file's do; a record that only mentions a tag in its text gets no such warning."""
    page = "<!DOCTYPE html>\n<html><head><title>社区治理</title></head>\n" + DOCUMENT
    mention = DOCUMENT + "网页里的 <p> 标签表示段落。\n"
    source = tmp_path / "in.jsonl"
    source.write_bytes(record_line(id="p", text=page) + record_line(id="m", text=mention))
    status, [markup, text], warnings = run([str(source)])
    assert (status, warnings) == (EXIT_OK, [])
    assert any("looks like HTML" in warning for warning in markup["govclean_warnings"])
    assert markup["text"] == clean_text(page).text
    assert not any("looks like HTML" in warning for warning in text["govclean_warnings"])


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"{not json\n", "not valid JSON"),
        (b"[1, 2]\n", "a JSON array, not an object"),
        (b'{"id": "r9", "body": "x"}\n', "record 'r9': no 'text' field"),
        (b'{"id": "r9", "text": 5}\n', "field 'text' is a JSON number, not a string"),
        (b'{"text": "\xff\xfe bad bytes"}\n', "not valid JSON"),
    ],
)
def test_bad_record_is_reported_with_line_number_and_skipped(
    tmp_path: Path, line: bytes, reason: str
) -> None:
    """A bad line is named by source and line number, skipped, and the records around it still come out."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(record_line(id="first", text=DOCUMENT) + line + record_line(id="last", text=DOCUMENT))
    status, records, warnings = run([str(source)])
    assert status == EXIT_OK
    assert [r["id"] for r in records] == ["first", "last"]
    assert warnings[0].startswith(f"{source}:2: skipped: ")
    assert reason in warnings[0]
    assert warnings[-1] == "1 bad record(s) skipped, 2 written"


def test_strict_stops_at_the_first_bad_record(tmp_path: Path) -> None:
    """Under strict, the run stops at the first bad record with status 123; nothing after it is written."""
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_bytes(record_line(id=1, text=DOCUMENT) + b"oops\n" + record_line(id=2, text=DOCUMENT))
    second.write_bytes(record_line(id=3, text=DOCUMENT))
    status, records, warnings = run([str(first), str(second)], strict=True)
    assert status == EXIT_FAILED
    assert [r["id"] for r in records] == [1]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{first}:2: ") and "--stop-on-bad-record" in warnings[0]


def test_blank_lines_hold_no_record_and_raise_no_warning(tmp_path: Path) -> None:
    """Blank lines (and CRLF endings) between records are passed over quietly."""
    source = tmp_path / "in.jsonl"
    crlf_record = record_line(id=2, text="乙").replace(b"\n", b"\r\n")
    source.write_bytes(record_line(id=1, text="甲") + b"\n   \r\n" + crlf_record)
    status, records, warnings = run([str(source)])
    assert (status, [r["id"] for r in records], warnings) == (EXIT_OK, [1, 2], [])


def test_gzip_is_recognised_by_its_magic_bytes(tmp_path: Path) -> None:
    """A gzip file is read as JSON Lines whatever its name."""
    plain = record_line(id=1, text=DOCUMENT) + record_line(id=2, text=DOCUMENT)
    source = tmp_path / "shard.data"
    source.write_bytes(gzip.compress(plain))
    status, records, _ = run([str(source)])
    assert (status, [r["id"] for r in records]) == (EXIT_OK, [1, 2])


def test_truncated_gzip_keeps_what_was_read_and_fails_the_run(tmp_path: Path) -> None:
    """A damaged gzip source is reported with the line where reading stopped; later sources still run."""
    whole = b"".join(record_line(id=i, text=DOCUMENT * 3) for i in range(200))
    damaged, after = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl"
    damaged.write_bytes(gzip.compress(whole)[:-200])
    after.write_bytes(record_line(id="after", text=DOCUMENT))
    status, records, warnings = run([str(damaged), str(after)])
    assert status == EXIT_FAILED
    assert records[-1]["id"] == "after"
    assert [r["id"] for r in records[:-1]] == list(range(len(records) - 1))
    assert warnings == [
        f"{damaged}:{len(records)}: cannot read further: "
        "Compressed file ended before the end-of-stream marker was reached"
    ]


def test_directory_walk_is_recursive_sorted_and_skips_symlinks_and_other_files(tmp_path: Path) -> None:
    """A directory contributes its .jsonl and .jsonl.gz files in sorted path order, nothing else."""
    (tmp_path / "b").mkdir()
    (tmp_path / "a.jsonl").write_bytes(record_line(id="a", text="甲"))
    (tmp_path / "b" / "c.jsonl.gz").write_bytes(gzip.compress(record_line(id="b/c", text="乙")))
    (tmp_path / "b-d.jsonl").write_bytes(record_line(id="b-d", text="丙"))
    (tmp_path / "notes.txt").write_text("not a shard")
    (tmp_path / "z.jsonl").symlink_to(tmp_path / "a.jsonl")
    (tmp_path / "zz").symlink_to(tmp_path / "b")
    status, records, _ = run([str(tmp_path)])
    expected = [tmp_path / "a.jsonl", tmp_path / "b" / "c.jsonl.gz", tmp_path / "b-d.jsonl"]
    assert list(expand_sources([str(tmp_path)], print)) == [str(path) for path in expected]
    assert (status, [r["id"] for r in records]) == (EXIT_OK, ["a", "b/c", "b-d"])


def test_a_run_does_not_read_its_own_output_file_back(tmp_path: Path) -> None:
    """-o FILE inside an input directory: a second run cleans the inputs, not the first run's output."""
    (tmp_path / "a.jsonl").write_bytes(record_line(id="a", text=DOCUMENT))
    for _ in range(2):
        result = CliRunner().invoke(cli, ["--jsonl", str(tmp_path), "-o", str(tmp_path / "out.jsonl")])
        assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [r["id"] for r in records] == ["a"]


def test_missing_source_fails_the_run_but_not_the_others(tmp_path: Path) -> None:
    """A source that does not exist is reported; the others are still cleaned; the status is 123."""
    good = tmp_path / "in.jsonl"
    good.write_bytes(record_line(id=1, text=DOCUMENT))
    status, records, warnings = run([str(tmp_path / "missing.jsonl"), str(good)])
    assert (status, [r["id"] for r in records]) == (EXIT_FAILED, [1])
    assert warnings == [f"{tmp_path / 'missing.jsonl'}: cannot read: No such file or directory"]


def test_directory_without_shards_is_named(tmp_path: Path) -> None:
    """A directory holding no JSON Lines file is said to be empty; it is not a failure."""
    (tmp_path / "notes.txt").write_text("not a shard")
    status, records, warnings = run([str(tmp_path)])
    assert (status, records) == (EXIT_OK, [])
    assert warnings == [f"{tmp_path}: no .jsonl or .jsonl.gz files in this directory"]


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_stdin_is_read_for_dash(monkeypatch: pytest.MonkeyPatch, compress: bool) -> None:
    """'-' reads JSON Lines from stdin, plain or gzip."""
    data = record_line(id=1, text=DOCUMENT) + record_line(id=2, text=DOCUMENT)
    stdin = io.BytesIO(gzip.compress(data) if compress else data)
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=stdin))
    status, records, _ = run(["-"])
    assert (status, [r["id"] for r in records]) == (EXIT_OK, [1, 2])


def test_warning_without_id_key_names_only_the_line(tmp_path: Path) -> None:
    """With no id key, a warning names the source and line only."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "r9"}\n')
    _, _, warnings = run([str(source)], id_key=None)
    assert warnings[0] == f"{source}:1: skipped: no 'text' field"


def test_other_text_key(tmp_path: Path) -> None:
    """The text may live under another key (CCNet's raw_content); only that field is cleaned."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(record_line(raw_content=DOCUMENT, text="untouched  "))
    _, [record], _ = run([str(source)], text_key="raw_content")
    assert (record["raw_content"], record["text"]) == (clean_text(DOCUMENT).text, "untouched  ")


def test_lone_surrogate_is_written_back_as_an_escape() -> None:
    """A text with a lone surrogate escape (valid JSON, not UTF-8) still yields one valid JSON line."""
    line = clean_line(b'{"text": "\\u6b63\\u6587\\ud800"}', JsonlOptions())
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert "\ud800" in json.loads(line)["text"]


class CountingReader(io.RawIOBase):
    """A raw input stream that counts the bytes handed out so far."""

    def __init__(self, data: bytes) -> None:
        self.data, self.position = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        chunk = self.data[self.position : self.position + len(buffer)]
        buffer[: len(chunk)] = chunk
        self.position += len(chunk)
        return len(chunk)


def test_records_are_written_while_the_input_is_still_being_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streaming: each record is written before much more of the input is read (constant memory)."""
    record = record_line(text=DOCUMENT + "正文" * 5000)
    reader = CountingReader(record * 40)
    read_at_write: list[int] = []

    class Output(io.BytesIO):
        def write(self, data: bytes) -> int:  # type: ignore[override]
            read_at_write.append(reader.position)
            return len(data)

    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=reader))
    run_jsonl(["-"], Output(), JsonlOptions(prefix="g_"), Messages(print, print))
    assert len(read_at_write) == 40
    assert all(read <= (n + 1) * len(record) + io.DEFAULT_BUFFER_SIZE for n, read in enumerate(read_at_write))


def test_options_survive_pickling() -> None:
    """The options shipped to worker processes, config included, pickle to an equal value."""
    config = CleanConfig(script="simplified", protect=("乾隆",))
    options = JsonlOptions("raw_content", None, "x_", config, True)
    assert pickle.loads(pickle.dumps(options)) == options


def test_command_jsonl_reads_stdin_and_fails_under_strict() -> None:
    """`govclean --jsonl --strict` reads stdin, names the bad line on stderr and exits 123."""
    data = record_line(id=1, text=DOCUMENT) + b"oops\n" + record_line(id=2, text=DOCUMENT)
    result = CliRunner().invoke(cli, ["--jsonl", "--strict"], input=data)
    assert result.exit_code == EXIT_FAILED
    assert [json.loads(line)["id"] for line in result.stdout_bytes.splitlines()] == [1]
    assert "<stdin>:2: not valid JSON" in result.stderr


def test_command_jsonl_options_reach_the_records(tmp_path: Path) -> None:
    """--text-key, --id-key and --field-prefix of the command shape the records written with -o."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl.gz").write_bytes(gzip.compress(record_line(key="k1", raw_content=DOCUMENT)))
    output = tmp_path / "out.jsonl"
    args = [
        "--jsonl",
        str(tmp_path / "in"),
        "-o",
        str(output),
        "--text-key",
        "raw_content",
        "--id-key",
        "key",
        "--field-prefix",
        "gc_",
    ]
    result = CliRunner().invoke(cli, args)
    [record] = [json.loads(line) for line in output.read_bytes().splitlines()]
    assert result.exit_code == EXIT_OK
    assert (record["key"], record["raw_content"]) == ("k1", clean_text(DOCUMENT).text)
    assert record["gc_status"] == "cleaned"


def test_a_text_key_that_no_record_has_is_an_error(tmp_path: Path) -> None:
    """A wrong --text-key no longer skips every record with exit 0: the run fails and says why."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(record_line(id=1, raw=DOCUMENT) + record_line(id=2, raw=DOCUMENT))
    errors: list[str] = []
    status, records, _ = run([str(source)], errors=errors)
    assert (status, records) == (EXIT_FAILED, [])
    assert errors == ["no record has the field 'text' (2 JSON object(s) read): is --text-key right?"]
    result = CliRunner().invoke(cli, ["--jsonl", str(source)])
    assert result.exit_code == EXIT_FAILED
    assert "govclean: error: no record has the field 'text'" in result.stderr


def test_some_records_without_the_text_key_are_only_skipped(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(record_line(id=1, raw=DOCUMENT) + record_line(id=2, text=DOCUMENT))
    status, records, _ = run([str(source)])
    assert (status, [r["id"] for r in records]) == (EXIT_OK, [2])


def test_quiet_silences_skipped_records_but_not_errors(tmp_path: Path) -> None:
    """-q drops each record's warning; a source that cannot be read is still an error on stderr."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(record_line(id=1, text=DOCUMENT) + b"oops\n")
    quiet = CliRunner().invoke(cli, ["--jsonl", "-q", str(source), str(tmp_path / "missing.jsonl")])
    assert quiet.exit_code == EXIT_FAILED
    missing = tmp_path / "missing.jsonl"
    assert quiet.stderr == f"govclean: error: {missing}: cannot read: No such file or directory\n"
    loud = CliRunner().invoke(cli, ["--jsonl", str(source)])
    assert "govclean: warning: " in loud.stderr and ":2: skipped: not valid JSON" in loud.stderr


def test_output_ending_in_gz_is_gzipped(tmp_path: Path) -> None:
    """-o out.jsonl.gz writes gzip (the same bytes on every run); -o out.jsonl writes plain text."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(record_line(id=1, text=DOCUMENT))
    for name in ("out.jsonl.gz", "again.jsonl.gz", "out.jsonl"):
        assert CliRunner().invoke(cli, ["--jsonl", str(source), "-o", str(tmp_path / name)]).exit_code == 0
    packed = (tmp_path / "out.jsonl.gz").read_bytes()
    assert packed[:2] == b"\x1f\x8b" and packed == (tmp_path / "again.jsonl.gz").read_bytes()
    assert gzip.decompress(packed) == (tmp_path / "out.jsonl").read_bytes()


@pytest.mark.parametrize("args", [["--stop-on-bad-record"], ["--strict"]])
def test_a_stop_and_a_truncated_gzip_are_errors_not_warnings(tmp_path: Path, args: list[str]) -> None:
    """What fails the run is labelled an error; --strict still stops at a bad record."""
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(record_line(id=1, text=DOCUMENT) + b"oops\n")
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(gzip.compress(record_line(id=2, text=DOCUMENT * 50) * 50)[:-200])
    stopped = CliRunner().invoke(cli, ["--jsonl", *args, str(bad)])
    assert stopped.exit_code == EXIT_FAILED
    assert f"govclean: error: {bad}:2: not valid JSON" in stopped.stderr
    truncated = CliRunner().invoke(cli, ["--jsonl", str(damaged)])
    assert truncated.exit_code == EXIT_FAILED
    assert f"govclean: error: {damaged}:" in truncated.stderr and "warning" not in truncated.stderr
