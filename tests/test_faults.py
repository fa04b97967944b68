"""Faults from outside: outputs that are not regular files, and a file system that fills up.

Every case runs the real command in a child process, which is always reaped. The tests that need
root (a tmpfs of a few pages, /dev/null) skip with the reason when it is missing.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS

SEED = SEEDS / "000_79a294fec3fc9865.txt"
EXPECTED = (ROOT / "tests" / "seed_expected" / "expected.txt").read_bytes()
COMMAND = [sys.executable, "-m", "govclean"]
#: Pages of the full file system: room for some of the outputs, not all.
FULL_FS_SIZE = "32k"
#: The system's null device: major 1, minor 3 on Linux.
DEVNULL_DEVICE = (1, 3)


def _run(args: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    # subprocess.run waits for (and, on a timeout, kills and reaps) its child.
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, timeout=120, check=False,
                          env={**os.environ, "NO_COLOR": "1"}, **kwargs)  # type: ignore[call-overload]


@contextlib.contextmanager
def _reading(fifo: Path) -> Iterator[Path]:
    """A child process copying everything written into ``fifo`` to a file; yields the file."""
    copy = fifo.with_name(fifo.name + ".received")
    with copy.open("wb") as sink:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=sink)
    try:
        yield copy
    finally:
        try:
            reader.wait(timeout=30)
        finally:
            reader.kill()
            reader.wait()


def test_fifos_as_outputs_receive_the_data_and_stay_fifos(tmp_path: Path) -> None:
    """-o, --appended and --report into named pipes: each reader gets its bytes, no pipe is replaced."""
    fifos = {name: tmp_path / name for name in ("text", "appended", "report")}
    for fifo in fifos.values():
        os.mkfifo(fifo)
    with _reading(fifos["text"]) as text, _reading(fifos["appended"]) as appended, \
            _reading(fifos["report"]) as report:
        done = _run([SEED, "-o", fifos["text"], "--appended", fifos["appended"], "--report", fifos["report"]])
    assert done.returncode == 0, done.stderr
    assert all(stat.S_ISFIFO(fifo.lstat().st_mode) for fifo in fifos.values())
    assert text.read_bytes() == EXPECTED
    assert appended.read_bytes().count(b"\n") > 0
    assert json.loads(report.read_bytes().splitlines()[0])["status"] == "cleaned"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_jsonl_output_into_a_fifo(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    record = {"id": 1, "text": SEED.read_text(encoding="utf-8")}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    with _reading(fifo) as received:
        done = _run(["--jsonl", source, "-o", fifo])
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(received.read_bytes())["text"].encode("utf-8") == EXPECTED


@pytest.fixture
def devnull() -> Iterator[str]:
    """/dev/null, checked after the test and restored (mknod, as root) if a defect replaced it."""
    null = Path(os.devnull)
    before = null.stat()
    if not stat.S_ISCHR(before.st_mode):
        pytest.skip(f"{os.devnull} is not a character device on this machine")
    if os.geteuid() != 0 and not os.access(os.devnull, os.W_OK):
        pytest.skip(f"{os.devnull} is not writable")
    yield os.devnull
    after = null.lstat()
    if stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev:
        return
    with contextlib.suppress(OSError):  # put the device back before failing, so nothing else breaks
        null.unlink()
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(*DEVNULL_DEVICE))
        null.chmod(0o666)
    pytest.fail(f"{os.devnull} was replaced by the run (restored)")


@pytest.mark.parametrize("args", [
    ["-o", "{null}"],
    ["-o", "{out}", "--appended", "{null}", "--report", "{null}"],
    ["--jsonl", "-o", "{null}"],
])
def test_dev_null_as_an_output_stays_a_device(devnull: str, tmp_path: Path, args: list[str]) -> None:
    source = SEED
    if "--jsonl" in args:
        source = tmp_path / "in.jsonl"
        source.write_text(json.dumps({"text": "标题\n\n正文。"}) + "\n", encoding="utf-8")
    done = _run([source, *(arg.format(null=devnull, out=tmp_path / "out.txt") for arg in args)])
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(Path(devnull).lstat().st_mode)


def test_dev_stdout_as_an_output_writes_into_the_pipe() -> None:
    """/dev/stdout is a link the system resolves (to a pipe here): written into, never replaced."""
    stdout = Path("/dev/stdout")
    if not stdout.is_symlink():
        pytest.skip("/dev/stdout is not a link on this machine")
    link = stdout.readlink()
    try:
        done = _run([SEED, "-o", stdout])
    finally:
        if not stdout.is_symlink():  # put the link back before failing, so nothing else breaks
            stdout.unlink()
            stdout.symlink_to(link)
            pytest.fail("/dev/stdout was replaced by the run (restored)")
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXPECTED


@pytest.fixture
def small_fs() -> Iterator[Path]:
    """A tmpfs of a few pages, mounted for the test and always unmounted."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mountpoint = Path(tempfile.mkdtemp(prefix="govclean-full-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={FULL_FS_SIZE}", "tmpfs", str(mountpoint)],
                             capture_output=True, check=False, timeout=30)
    if mounted.returncode != 0:
        mountpoint.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", str(mountpoint)], check=False, timeout=30)
        mountpoint.rmdir()


def test_a_full_file_system_fails_the_outputs_that_do_not_fit_and_nothing_else(tmp_path: Path,
                                                                               small_fs: Path) -> None:
    tree = tmp_path / "in"
    tree.mkdir()
    names = [f"f{number:02d}.txt" for number in range(30)]
    for name in names:
        (tree / name).write_bytes(SEED.read_bytes())
    out = small_fs / "out"
    done = _run(["-j", "1", "--no-learn-boilerplate", tree, "-o", out])
    assert done.returncode == 123, done.stderr
    errors = [line for line in done.stderr.decode().splitlines() if line.startswith("govclean: error:")]
    written = sorted(p.name for p in out.iterdir())
    assert errors and written, done.stderr
    assert len(errors) + len(written) == len(names)  # every other input was still cleaned
    for line in errors:  # the output is named, with the system's reason; no temporary file is named
        assert f"{out}/f" in line and "No space left on device" in line and ".tmp" not in line
    assert all((out / name).read_bytes() == EXPECTED for name in written)  # nothing partial
    assert not [name for name in written if name.startswith(".")]


def test_a_report_that_does_not_fit_is_named(tmp_path: Path, small_fs: Path) -> None:
    filler = small_fs / "filler"
    with filler.open("wb") as handle, contextlib.suppress(OSError):
        handle.write(b"x" * (64 * 1024))
    report = small_fs / "report.jsonl"
    done = _run([SEED, "-o", tmp_path / "out.txt", "--report", report])
    assert done.returncode == 123
    assert f"{report}: No space left on device" in done.stderr.decode()
    assert not report.exists() and [p.name for p in small_fs.iterdir()] == ["filler"]
    assert (tmp_path / "out.txt").read_bytes() == EXPECTED


def _stopped_reading(args: list[str | Path]) -> subprocess.CompletedProcess[bytes]:
    """The command with its stdout read for one line, then closed, as `| head -1` does."""
    # Leaving the with block closes the pipes and waits for the child; the finally kills it first
    # should it outlive the timeout.
    with subprocess.Popen([*COMMAND, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env={**os.environ, "NO_COLOR": "1"}) as child:
        try:
            assert child.stdout is not None and child.stderr is not None
            child.stdout.readline()
            child.stdout.close()
            stderr = child.stderr.read()
            return subprocess.CompletedProcess(child.args, child.wait(timeout=120), b"", stderr)
        finally:
            child.kill()


@pytest.mark.parametrize("mode", ["text", "diff", "jsonl"])
def test_a_reader_that_stops_ends_the_run_quietly(tmp_path: Path, mode: str) -> None:
    """`govclean ... | head`: more output than a pipe holds, the reader gone after one line."""
    data = SEED.read_text(encoding="utf-8")
    if mode == "jsonl":
        source = tmp_path / "in.jsonl"
        source.write_text("".join(json.dumps({"id": n, "text": data}) + "\n" for n in range(200)),
                          encoding="utf-8")
        args: list[str | Path] = ["--jsonl", source]
    elif mode == "diff":
        for number in range(60):
            (tmp_path / f"f{number:02d}.txt").write_text(data, encoding="utf-8")
        args = ["--diff", "--no-learn-boilerplate", "-j", "1", tmp_path]
    else:
        source = tmp_path / "big.txt"
        paragraph = "这是一段足够长的正文，用来把管道的缓冲区写满为止。"
        body = "\n".join(f"第{number}段。{paragraph}" for number in range(8000))
        source.write_text(f"标题\n\n{body}\n", encoding="utf-8")
        args = [source]
    done = _stopped_reading(args)
    assert done.returncode in (0, 141), done.stderr
    assert b"error" not in done.stderr and b"Traceback" not in done.stderr and b"Exception" not in done.stderr


def test_warnings_are_printed_above_the_progress_bar(tmp_path: Path) -> None:
    """On a terminal each warning starts its own line; none is written into the bar's line."""
    from .test_cli_process import _run_in_pty

    tree = tmp_path / "in"
    tree.mkdir()
    damaged = SEED.read_bytes() + b"\n\xff\xfe\xff\n"  # undecodable bytes: a warning each
    for number in range(40):
        (tree / f"f{number:02d}.txt").write_bytes(damaged)
    status, terminal = _run_in_pty([str(tree), "-o", str(tmp_path / "out"), "-j", "1",
                                    "--no-learn-boilerplate"], stdin_tty=False)
    assert status == 0
    lines = [line for chunk in terminal.splitlines() for line in chunk.split("\r")]
    warned = [line for line in lines if "govclean: warning" in line]
    assert len(warned) >= 40
    assert all(line.lstrip().startswith("govclean: warning") for line in warned), warned[:3]


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file another owner needs root")
def test_a_replaced_output_keeps_its_owner(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_bytes(b"old")
    os.chown(out, 4321, 4322)
    done = _run([SEED, "-o", out])
    assert done.returncode == 0, done.stderr
    assert (out.stat().st_uid, out.stat().st_gid) == (4321, 4322) and out.read_bytes() == EXPECTED
