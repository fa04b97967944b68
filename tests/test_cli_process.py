"""The real command in a child process: pipes, terminals and signals, which CliRunner cannot show."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govclean.pipeline import SKIPPABLE_STEPS

from .conftest import ROOT, SEEDS

SEED = SEEDS / "000_79a294fec3fc9865.txt"
EXPECTED = (ROOT / "tests" / "seed_expected" / "expected.txt").read_bytes()
COMMAND = [sys.executable, "-m", "govclean"]
ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _seed_tree(root: Path, folders: int, files: int) -> Path:
    data = SEED.read_bytes()
    for folder in range(folders):
        (root / f"d{folder:02d}").mkdir(parents=True)
        for number in range(files):
            (root / f"d{folder:02d}" / f"f{number:03d}.txt").write_bytes(data)
    return root


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", **extra}


def test_stdin_to_stdout_in_a_real_process() -> None:
    """`python -m govclean < seed` prints exactly the expected text and exits 0."""
    with SEED.open("rb") as stdin:
        done = subprocess.run(COMMAND, stdin=stdin, capture_output=True, env=_env(), check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXPECTED and done.stderr == b""


def _run_in_pty(args: list[str], *, stdin_tty: bool) -> tuple[int, str]:
    """Run the command with stderr (and optionally stdin) on a pseudo-terminal; its status and output."""
    master, slave = pty.openpty()
    stdin = slave if stdin_tty else subprocess.DEVNULL
    child = subprocess.Popen([*COMMAND, *args], stdin=stdin, stdout=subprocess.DEVNULL, stderr=slave,
                             env=_env(TERM="xterm", COLUMNS="120"))
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return child.wait(timeout=60), ANSI_RE.sub("", b"".join(chunks).decode("utf-8", "replace"))


def test_progress_bar_on_a_terminal_and_not_in_a_pipe(tmp_path: Path) -> None:
    """stderr on a terminal shows the progress bar (files, MB); a piped stderr never does."""
    tree = _seed_tree(tmp_path / "in", 2, 30)
    status, terminal = _run_in_pty([str(tree), "-o", str(tmp_path / "out1"), "-j", "1"], stdin_tty=False)
    assert status == 0
    assert "/60 files" in terminal and "cleaning" in terminal
    piped = subprocess.run([*COMMAND, str(tree), "-o", str(tmp_path / "out2"), "-j", "1"],
                           stdin=subprocess.DEVNULL, capture_output=True, env=_env(TERM="xterm"), check=False)
    assert piped.returncode == 0
    assert b"/60 files" not in piped.stderr and b"\x1b[" not in piped.stderr
    assert piped.stderr.decode().splitlines()[-1].startswith("govclean: 60 files cleaned")


def test_no_input_on_a_terminal_is_a_usage_error() -> None:
    """With no SRC and stdin a terminal, govclean does not wait for typing: it exits 2."""
    status, terminal = _run_in_pty([], stdin_tty=True)
    assert status == 2 and "no input" in terminal


@pytest.mark.parametrize(("signum", "to_group", "jobs"), [
    (signal.SIGTERM, False, "2"),
    (signal.SIGTERM, True, "2"),
    (signal.SIGINT, True, "2"),
    (signal.SIGTERM, False, "1"),
])
def test_interrupted_batch_leaves_no_partial_file(tmp_path: Path, signum: int, to_group: bool,
                                                  jobs: str) -> None:
    """SIGTERM or Ctrl-C mid-batch: exit 128+signal, every output present is complete, no temp file."""
    # Copies of one document: learning would rightly call all their edge lines boilerplate.
    tree = _seed_tree(tmp_path / "in", 8, 100)
    out = tmp_path / "out"
    args = ["-q", "--no-learn-boilerplate", "-j", jobs, str(tree), "-o", str(out),
            "--appended", str(tmp_path / "app"), "--report", str(tmp_path / "report.jsonl")]
    child = subprocess.Popen([*COMMAND, *args],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=_env(), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sum(1 for _ in out.rglob("*.txt")) < 40:
        time.sleep(0.01)
    if to_group:
        os.killpg(child.pid, signum)
    else:
        child.send_signal(signum)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 128 + signum, stderr
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    written = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(tree)]
    assert not [p for p in written if p.name.endswith(".tmp")]
    outputs = [p for p in written if p.is_relative_to(out)]
    assert 40 <= len(outputs) < 800
    assert all(p.read_bytes() == EXPECTED for p in outputs)
    assert not (tmp_path / "report.jsonl").exists()


def test_shell_completion_completes_step_names() -> None:
    """click's completion (documented in the README) offers the steps that can be skipped after --skip."""
    env = _env(COMP_WORDS="govclean --skip ", COMP_CWORD="2", _GOVCLEAN_COMPLETE="bash_complete")
    done = subprocess.run(COMMAND, capture_output=True, text=True, env=env, check=False, timeout=60)
    assert done.stdout.splitlines() == [f"plain,{name}" for name in SKIPPABLE_STEPS]


#: Runs the command on stdin like the entry point, then reports on stderr what the run loaded.
_LOADED_BY_THE_RUN = """
import sys
from govclean.cli import main
try:
    main()
except SystemExit as exit:
    status = exit.code
from govclean.characters import normalize
from govclean.characters import pinyin
from govclean.decoding import plausibility
from govclean.characters import script
lazy = (pinyin._annotation_re, script._han_runs, normalize._line_patterns, plausibility.common_hanzi)
print(status, "json" in sys.modules, [f.__name__ for f in lazy if f.cache_info().currsize], file=sys.stderr)
"""


def test_one_liner_loads_only_what_a_clean_document_needs() -> None:
    """`govclean < seed` (UTF-8, simplified, no annotations, kana or invisible characters) imports
    no JSON module and compiles or reads none of what only other documents need."""
    with SEED.open("rb") as stdin:
        done = subprocess.run([sys.executable, "-c", _LOADED_BY_THE_RUN], stdin=stdin, capture_output=True,
                              env=_env(), check=True, timeout=60)
    assert done.stdout == EXPECTED
    assert done.stderr.decode().splitlines()[-1] == "0 False []"
