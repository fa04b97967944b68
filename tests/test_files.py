"""Atomic writes: whole files or nothing, missing directories made, permission bits kept."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

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
