"""The cyclic garbage collector stays out of a clean and comes back as it was."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govclean
from govclean import collector

PAGE = "标题\n\n下载到本地 , 更方便阅读\n" + "正文内容，第二段落的文字。\n" * 2000


PACKAGE = Path(govclean.__file__).parent
#: The package's entry points, where the collector is paused and restored.
ENTRY = {Path(govclean.__file__), Path(collector.__file__)}


def _inside_the_pipeline() -> bool:
    """A frame of the package's own work (decoding, steps) is on the stack."""
    frame = sys._getframe(2)
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(PACKAGE) and path not in ENTRY:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


@pytest.fixture
def collections() -> Iterator[list[str]]:
    """The collections that start while the package works (not in the entry point around it),
    with a threshold low enough that any allocation starts one."""
    govclean.clean_bytes(PAGE.encode("gb18030"))  # imports, tables: work of the first clean only
    seen: list[str] = []

    def record(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start" and _inside_the_pipeline():
            seen.append(phase)

    threshold = gc.get_threshold()
    gc.callbacks.append(record)
    gc.set_threshold(1)
    try:
        yield seen
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(record)


@pytest.mark.parametrize(
    "clean", [lambda: govclean.clean_text(PAGE), lambda: govclean.clean_bytes(PAGE.encode("gb18030"))]
)
def test_no_collection_runs_while_a_document_is_cleaned(collections: list[str], clean: Any) -> None:
    assert gc.isenabled()
    clean()
    assert collections == []
    assert gc.isenabled()


def test_the_probe_sees_collections_while_the_collector_runs(
    collections: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the pause the same clean starts collections inside the pipeline: the probe works."""
    monkeypatch.setattr(gc, "disable", lambda: None)
    govclean.clean_text(PAGE)
    assert collections


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        govclean.clean_text(PAGE)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_when_a_clean_raises() -> None:
    with pytest.raises(govclean.DecodeError):
        govclean.clean_bytes(PAGE.encode(), govclean.CleanConfig(encoding="no-such-encoding"))
    assert gc.isenabled()


def test_freezing_after_the_first_clean_happens_once() -> None:
    frozen = gc.get_freeze_count()
    try:
        collector.freeze_after_first_clean()
        govclean.clean_text(PAGE)
        after_first = gc.get_freeze_count()
        assert after_first > frozen
        [object() for _ in range(100)]
        govclean.clean_text(PAGE)
        assert gc.get_freeze_count() == after_first
    finally:
        gc.unfreeze()


def test_the_start_up_pause_ends_with_the_first_clean_frozen() -> None:
    """The command's start-up pause: off until the first clean ends, then what the start-up made
    is frozen before the collector comes back."""
    frozen = gc.get_freeze_count()
    try:
        collector.freeze_after_first_clean()
        collector.pause_for_start_up()
        assert not gc.isenabled()
        [[] for _ in range(100)]  # start-up objects
        govclean.clean_text(PAGE)
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen
        collector.start_up_over()  # once only: nothing more to do
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_start_up_pause_ends_when_worker_processes_start() -> None:
    from govclean.io.workers import Workers

    collector.pause_for_start_up()
    pool = Workers(2)
    try:
        pool.start(2)
        assert gc.isenabled()
    finally:
        pool.close()
        gc.enable()


def test_a_start_up_pause_leaves_a_collector_the_caller_turned_off_alone() -> None:
    gc.disable()
    try:
        collector.pause_for_start_up()
        govclean.clean_text(PAGE)
        collector.start_up_over()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("enabled", [True, False])
def test_importing_the_package_and_the_command_leaves_the_collector_as_it_was(enabled: bool) -> None:
    """The modules pause the collector while they load (in a fresh interpreter) and put it back."""
    import subprocess

    code = (
        "import gc\n"
        f"{'gc.enable()' if enabled else 'gc.disable()'}\n"
        "import govclean, govclean.cli\n"
        "print(gc.isenabled())\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert run.stdout.strip() == str(enabled)
