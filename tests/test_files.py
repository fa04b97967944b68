"""Atomic writes: whole files or nothing, missing directories made, permission bits kept; in-place
rewrites and their backups."""

from __future__ import annotations

import errno
import os
import signal
import stat
from pathlib import Path

import pytest

from govclean.io import files, signals
from govclean.io.files import atomic_writer, write_atomic, write_lines_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_missing_directories_are_made(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.txt"
    write_lines_atomic(target, ["一", "二"])
    assert target.read_text(encoding="utf-8") == "一\n二\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_new_files_get_the_umask_mode_and_replaced_files_keep_theirs(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.txt"
        write_atomic(fresh, b"x")
        assert _mode(fresh) == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_bytes(b"old")
        kept.chmod(0o640)
        write_atomic(kept, b"new")
        assert kept.read_bytes() == b"new" and _mode(kept) == 0o640
    finally:
        os.umask(umask)


def test_a_failed_block_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"partial")
        raise RuntimeError("stopped mid-write")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_file_in_place_of_a_directory_is_named_in_the_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_bytes(b"")
    with pytest.raises(FileExistsError) as raised:
        write_atomic(tmp_path / "taken" / "out.txt", b"x")
    assert raised.value.filename == str(tmp_path / "taken")


def _hard_linked(tmp_path: Path, data: bytes) -> tuple[Path, Path]:
    doc = tmp_path / "doc.txt"
    doc.write_bytes(data)
    os.link(doc, tmp_path / "link.txt")
    return doc, tmp_path / "link.txt"


def test_a_signal_during_a_hard_linked_rewrite_takes_effect_after_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc, link = _hard_linked(tmp_path, b"original text\n")
    write_all = files._write_all

    def interrupted_write(fd: int, data: bytes) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # delivered in the middle of the rewrite
        write_all(fd, data)

    monkeypatch.setattr(files, "_write_all", interrupted_write)
    previous = signal.getsignal(signal.SIGTERM)
    signals.raise_on_sigterm()
    try:
        with pytest.raises(signals.Interrupted):
            files.replace_in_place(doc, b"original text\n", b"clean\n", backup=False)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert link.read_bytes() == b"clean\n" and doc.stat().st_ino == link.stat().st_ino


def test_a_failed_hard_linked_rewrite_puts_the_original_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = b"original text, longer than the clean one\n"
    doc, link = _hard_linked(tmp_path, original)
    write_all = files._write_all
    calls: list[bytes] = []

    def full_disk(fd: int, data: bytes) -> None:
        calls.append(data)
        if len(calls) == 1:
            os.pwrite(fd, data[:3], 0)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        write_all(fd, data)

    monkeypatch.setattr(files, "_write_all", full_disk)
    with pytest.raises(OSError, match="No space left") as raised:
        files.replace_in_place(doc, original, b"clean\n", backup=False)
    assert raised.value.filename == str(doc)
    assert link.read_bytes() == original


def test_backups_take_the_first_free_number(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_bytes(b"now")
    (tmp_path / "doc.txt.orig").write_bytes(b"first")
    (tmp_path / "doc.txt.orig.1").mkdir()  # anything at a name keeps it taken
    assert files.write_backup(doc, b"now") == tmp_path / "doc.txt.orig.2"
    assert (tmp_path / "doc.txt.orig").read_bytes() == b"first"
    assert (tmp_path / "doc.txt.orig.2").read_bytes() == b"now"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_names_that_are_not_utf8_are_shown_escaped() -> None:
    name = os.fsdecode(b"raw/\xd6\xd0\xce\xc4.txt")
    assert files.printable_path(name) == "raw/\\xd6\\xd0\\xce\\xc4.txt"
    assert files.printable_path("raw/中文.txt") == "raw/中文.txt"


def test_a_failed_create_names_the_output_not_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(tmp: Path) -> int:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp))

    monkeypatch.setattr(files, "_create", refused)
    with pytest.raises(PermissionError) as raised:
        write_atomic(tmp_path / "out.txt", b"x")
    assert raised.value.filename == str(tmp_path / "out.txt")
