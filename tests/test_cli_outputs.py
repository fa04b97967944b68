"""Where outputs go: special files, links, backups, names that are not UTF-8, and the run's own
errors (a bad --encoding or configuration key, two outputs naming one file)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govclean.cli import cli

from .cli_fixtures import CLEAN, EXPECTED, SEED

#: A file name in GBK (中文.txt), as zip archives made on Chinese Windows carry it: not UTF-8.
GBK_NAME = "中文.txt".encode("gbk")


def run(*args: str | Path, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_output_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "store" / "object.txt"
    target.parent.mkdir()
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "out.txt"
    link.symlink_to(target)
    result = run(SEED, "-o", link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.readlink() == target
    assert target.read_text(encoding="utf-8") == EXPECTED and _mode(target) == 0o640


def test_in_place_on_a_symlink_rewrites_the_target(tmp_path: Path) -> None:
    """git-annex and DVC trees are links into a store: the link stays, the content is cleaned."""
    target = tmp_path / "store" / "object.txt"
    target.parent.mkdir()
    target.write_bytes(SEED.read_bytes())
    link = tmp_path / "tree" / "doc.txt"
    link.parent.mkdir()
    link.symlink_to(target)
    result = run(link, "--in-place")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8") == EXPECTED
    assert (link.parent / "doc.txt.orig").read_bytes() == SEED.read_bytes()


def test_output_into_a_fifo_is_written_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so the writer's open returns
    try:
        result = run(SEED, "-o", fifo)
        received = b""
        while chunk := os.read(reader, 1 << 16):
            received += chunk
    finally:
        os.close(reader)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received.decode("utf-8") == EXPECTED


def test_a_replaced_output_keeps_its_mode(tmp_path: Path) -> None:
    for option in ("-o", "--appended", "--report"):
        kept = tmp_path / f"kept{option}"
        kept.write_bytes(b"old")
        kept.chmod(0o604)
        others = {
            "-o": tmp_path / "o.txt",
            "--appended": tmp_path / "a.txt",
            "--report": tmp_path / "r.jsonl",
        }
        others[option] = kept
        args = [arg for name, path in others.items() for arg in (name, path)]
        assert run(SEED, *args).exit_code == 0
        assert kept.read_bytes() != b"old" and _mode(kept) == 0o604, option


@pytest.mark.parametrize("second", ["--report", "--appended"])
def test_two_outputs_naming_one_file_are_refused(tmp_path: Path, second: str) -> None:
    out = tmp_path / "x.txt"
    result = run(SEED, "-o", out, second, out)
    assert result.exit_code == 2 and "would both be written to" in result.stderr
    assert not out.exists()


def test_two_outputs_naming_one_file_through_links_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    out.write_bytes(b"keep")
    (tmp_path / "soft").symlink_to(out)
    os.link(out, tmp_path / "hard")
    for other in ("soft", "hard"):
        result = run(SEED, "-o", out, "--report", tmp_path / other)
        assert result.exit_code == 2 and "would both be written to" in result.stderr, other
    assert out.read_bytes() == b"keep"
    (tmp_path / "dangling").symlink_to(tmp_path / "new.txt")
    result = run(SEED, "-o", tmp_path / "new.txt", "--report", tmp_path / "dangling")
    assert result.exit_code == 2 and not (tmp_path / "new.txt").exists()


def test_a_batch_report_file_inside_the_output_tree_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(CLEAN, encoding="utf-8")
    result = run(tmp_path / "in", "-o", tmp_path / "out", "--report", tmp_path / "out" / "a.txt")
    assert result.exit_code == 2 and "would both be written to" in result.stderr


def test_outputs_may_share_a_character_device(tmp_path: Path) -> None:
    result = run(SEED, "-o", os.devnull, "--report", os.devnull, "--appended", os.devnull)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_in_place_backups_are_numbered_never_overwritten(tmp_path: Path) -> None:
    """GNU-style numbered backups: FILE.orig, then FILE.orig.1, FILE.orig.2, ... each run that changes
    the file keeps what it found; the first backup stays the true original."""
    doc = tmp_path / "doc.txt"
    doc.write_bytes(SEED.read_bytes())
    doc.chmod(0o600)
    assert run(doc, "--in-place").exit_code == 0
    assert (tmp_path / "doc.txt.orig").read_bytes() == SEED.read_bytes()
    assert _mode(tmp_path / "doc.txt.orig") == 0o600 and _mode(doc) == 0o600
    second = b"\xe2\x80\x8b" + SEED.read_bytes()  # edited again: a zero-width space to remove
    doc.write_bytes(second)
    assert run(doc, "--in-place").exit_code == 0
    assert (tmp_path / "doc.txt.orig").read_bytes() == SEED.read_bytes()
    assert (tmp_path / "doc.txt.orig.1").read_bytes() == second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt", "doc.txt.orig", "doc.txt.orig.1"]


def test_in_place_keeps_hard_links(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_bytes(SEED.read_bytes())
    os.link(doc, tmp_path / "other-name.txt")
    result = run(doc, "--in-place", "--no-backup")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "other-name.txt").read_text(encoding="utf-8") == EXPECTED
    assert doc.stat().st_ino == (tmp_path / "other-name.txt").stat().st_ino


def test_a_name_that_is_not_utf8_is_cleaned_and_reported_escaped(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / os.fsdecode(GBK_NAME)).write_bytes(SEED.read_bytes())  # the name's bytes, as they are
    (raw / "b.txt").write_bytes(SEED.read_bytes())
    report = tmp_path / "report.jsonl"
    result = run(raw, "-o", tmp_path / "out", "--report", report, "-v", "--no-learn-boilerplate")
    assert result.exit_code == 0, result.stderr
    escaped = "\\xd6\\xd0\\xce\\xc4.txt"
    assert escaped in result.stderr
    assert [os.fsencode(p.name) for p in (tmp_path / "out").iterdir()].count(GBK_NAME) == 1
    assert (tmp_path / "out" / os.fsdecode(GBK_NAME)).read_text(encoding="utf-8") == EXPECTED
    sources = [json.loads(line).get("source") for line in report.read_text(encoding="utf-8").splitlines()]
    assert any(source and source.endswith(escaped) for source in sources)
    diff = run(raw, "--diff", "--no-learn-boilerplate")
    assert diff.exit_code == 1 and escaped in diff.stdout and "internal error" not in diff.stderr


def test_an_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    result = run(SEED, SEED, "--encoding", "nosuch", "--check")
    assert result.exit_code == 2 and "nosuch" in result.stderr
    assert result.stderr.count("nosuch") == 1  # once for the run, not once per file


def test_an_unknown_key_in_pyproject_names_the_file_not_the_option(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.govclean]\nno_such_key = 1\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    result = run(tmp_path / "a.txt")
    assert result.exit_code == 2
    assert "--config" not in result.stderr
    assert "pyproject.toml" in result.stderr and "no_such_key" in result.stderr


def test_output_ending_with_a_slash_is_a_new_directory(tmp_path: Path) -> None:
    result = run(SEED, "-o", f"{tmp_path / 'newdir'}/")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "newdir" / SEED.name).read_text(encoding="utf-8") == EXPECTED


def test_list_steps_is_plain_text() -> None:
    result = run("--list-steps")
    assert result.exit_code == 0
    assert "`" not in result.stdout and ":func:" not in result.stdout


def test_html_input_is_cleaned_with_a_warning_saying_what_to_use(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html>\n<html><head><title>标题</title></head>\n"
        "<body><p>正文内容在这里，这是一段足够长的文字。</p></body></html>\n",
        encoding="utf-8",
    )
    result = run(page)
    assert result.exit_code == 0 and result.stdout
    assert "looks like HTML" in result.stderr and "extract the text" in result.stderr
    plain = run(SEED)
    assert "HTML" not in plain.stderr


@pytest.mark.parametrize("word", ["中", "中文", "大"])
def test_one_short_line_on_stdin_comes_back(word: str) -> None:
    result = run(input=f"{word}\n".encode())
    assert result.exit_code == 0 and result.stdout == f"{word}\n"
