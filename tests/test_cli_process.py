"""The real command in a child process: pipes, terminals and signals, which CliRunner cannot show."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

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
    child = subprocess.Popen(
        [*COMMAND, *args],
        stdin=stdin,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=_env(TERM="xterm", COLUMNS="120"),
    )
    os.close(slave)
    chunks = []
    try:
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
        status = child.wait(timeout=60)
    finally:  # a child that hangs is killed and reaped, never left behind
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(master)
    return status, ANSI_RE.sub("", b"".join(chunks).decode("utf-8", "replace"))


def test_progress_bar_on_a_terminal_and_not_in_a_pipe(tmp_path: Path) -> None:
    """stderr on a terminal shows the progress bar (files, MB); a piped stderr never does."""
    tree = _seed_tree(tmp_path / "in", 2, 30)
    status, terminal = _run_in_pty([str(tree), "-o", str(tmp_path / "out1"), "-j", "1"], stdin_tty=False)
    assert status == 0
    assert "/60 files" in terminal and "cleaning" in terminal
    piped = subprocess.run(
        [*COMMAND, str(tree), "-o", str(tmp_path / "out2"), "-j", "1"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=_env(TERM="xterm"),
        check=False,
    )
    assert piped.returncode == 0
    assert b"/60 files" not in piped.stderr and b"\x1b[" not in piped.stderr
    assert piped.stderr.decode().splitlines()[-1].startswith("govclean: 60 files cleaned")


def test_no_input_on_a_terminal_is_a_usage_error() -> None:
    """With no SRC and stdin a terminal, govclean does not wait for typing: it exits 2."""
    status, terminal = _run_in_pty([], stdin_tty=True)
    assert status == 2 and "no input" in terminal


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
        done = subprocess.run(
            [sys.executable, "-c", _LOADED_BY_THE_RUN],
            stdin=stdin,
            capture_output=True,
            env=_env(),
            check=True,
            timeout=60,
        )
    assert done.stdout == EXPECTED
    assert done.stderr.decode().splitlines()[-1] == "0 False []"


#: Modules a one-line start has no need of: hashlib loads OpenSSL; a start that finds its caches
#: parses no TOML; pathlib (with the URL parser it imports) names no file written to stdout;
#: signal's enums name only a stopped run's signal; the code tables' codecs judge only text that
#: is not plainly Chinese; dataclasses write methods with exec().
_NOT_ON_A_START = {"hashlib", "tomllib", "pathlib", "urllib.parse", "signal", "encodings.gb2312"}
_NOT_ON_A_START |= {"encodings.big5", "dataclasses"}


def test_a_start_that_reads_its_caches_loads_none_of_what_it_does_not_need(tmp_path: Path) -> None:
    """Once the caches are written, a start fingerprints its sources without hashlib and parses no
    TOML (only a start that builds something needs either), and loads none of the other modules
    only other runs need."""
    probe = (
        # Modules the interpreter loaded before (an editable install's import hook loads pathlib)
        # are forgotten first: whatever the run imports comes back.
        f"import sys\nunwanted = {sorted(_NOT_ON_A_START)!r}\n"
        "for name in unwanted:\n    sys.modules.pop(name, None)\n"
        "from govclean.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(set(unwanted) & sys.modules.keys()), file=sys.stderr)"
    )
    command, env = [sys.executable, "-c", probe], _env(GOVCLEAN_CACHE_DIR=str(tmp_path / "cache"))
    (tmp_path / ".git").mkdir()  # a project root: no pyproject.toml above is looked for
    for _ in range(2):  # the first start writes the caches, the second reads them
        with SEED.open("rb") as stdin:
            done = subprocess.run(
                command, stdin=stdin, capture_output=True, env=env, cwd=tmp_path, check=True, timeout=60
            )
        assert done.stdout == EXPECTED
    assert done.stderr.decode().splitlines()[-1] == "[]"
