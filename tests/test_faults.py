"""Fault injection: outputs that are not regular files, a file system that fills up, signals at
random moments, inputs that cannot be read or vanish, streams as inputs.

Whatever happens to a run, it never hangs, leaves nothing partial, names every input it could not
read or output it could not write with the reason, and cleans the others. Every child process a
test starts is reaped, even when the test fails. The tests that need root (a tmpfs of a few pages,
/dev/null) or need to be an ordinary user (file modes) skip with the reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from govclean.cli import cli
from govclean.io import batch, workers
from govclean.io.batch import BatchOptions, Outcome, run
from govclean.io.summary import EXIT_FAILED

from .cli_fixtures import ARTICLE, CLEAN
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
    return subprocess.run(
        [*COMMAND, *map(str, args)],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
        **kwargs,
    )  # type: ignore[call-overload]


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
    with (
        _reading(fifos["text"]) as text,
        _reading(fifos["appended"]) as appended,
        _reading(fifos["report"]) as report,
    ):
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


@pytest.mark.parametrize(
    "args",
    [
        ["-o", "{null}"],
        ["-o", "{out}", "--appended", "{null}", "--report", "{null}"],
        ["--jsonl", "-o", "{null}"],
    ],
)
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
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={FULL_FS_SIZE}", "tmpfs", str(mountpoint)],
        capture_output=True,
        check=False,
        timeout=30,
    )
    if mounted.returncode != 0:
        mountpoint.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", str(mountpoint)], check=False, timeout=30)
        mountpoint.rmdir()


def test_a_full_file_system_fails_the_outputs_that_do_not_fit_and_nothing_else(
    tmp_path: Path, small_fs: Path
) -> None:
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
    with subprocess.Popen(
        [*COMMAND, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    ) as child:
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
        source.write_text(
            "".join(json.dumps({"id": n, "text": data}) + "\n" for n in range(200)), encoding="utf-8"
        )
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
    status, terminal = _run_in_pty(
        [str(tree), "-o", str(tmp_path / "out"), "-j", "1", "--no-learn-boilerplate"], stdin_tty=False
    )
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


# Signals, unreadable and vanishing inputs, streams.

#: Seconds a signalled run may take to end before the test calls it hung.
HANG = 60
#: Signal deliveries of the default run and of the slow marker's.
DELIVERIES = 20
SLOW_DELIVERIES = 200
#: Inputs of each signalled run.
FILES = 150


def _env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1"}


@contextmanager
def _reaped(args: list[str]) -> Iterator[subprocess.Popen[bytes]]:
    """The command in its own process group, which is killed and waited for however the block ends."""
    child = subprocess.Popen(
        [*COMMAND, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(),
        start_new_session=True,
    )
    try:
        yield child
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        if child.stderr is not None:
            child.stderr.close()
        # The workers are in the same group: none may outlive the test.
        with suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)


def _seed_tree(root: Path, files: int) -> Path:
    data = SEED.read_bytes()
    for number in range(files):
        folder = root / f"d{number // 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{number:03d}.txt").write_bytes(data)
    return root


def _deliver(tmp_path: Path, tree: Path, rng: random.Random, round_: int) -> None:
    """One run stopped by one signal at a random moment of its work; everything it left is checked."""
    signum = rng.choice([signal.SIGTERM, signal.SIGINT])
    jobs = rng.choice(["1", "2"])
    to_group = signum == signal.SIGINT or rng.random() < 0.7  # Ctrl-C always reaches the group
    out, report = tmp_path / f"out{round_}", tmp_path / f"report{round_}.jsonl"
    args = ["-q", "--no-learn-boilerplate", "-j", jobs, str(tree), "-o", str(out), "--report", str(report)]
    with _reaped(args) as child:
        deadline = time.monotonic() + HANG
        while time.monotonic() < deadline and not out.exists() and child.poll() is None:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.4))
        if to_group:
            with suppress(ProcessLookupError):  # the run ended (and was reaped) before the signal
                os.killpg(child.pid, signum)
        else:
            child.send_signal(signum)
        try:
            _, stderr = child.communicate(timeout=HANG)
        except subprocess.TimeoutExpired:
            pytest.fail(f"round {round_}: {signal.Signals(signum).name} with -j {jobs} hung")
    status = child.returncode
    # -signum: the signal came while the interpreter was exiting, after the run was complete; the
    # interpreter has then put the default action back, so the process dies of the signal (a shell
    # reports 128 + signum all the same). The report must then say the run completed.
    assert status in (0, 128 + signum, -signum), (round_, status, stderr)
    assert b"Traceback" not in stderr, stderr
    written = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(tree)]
    assert not [p for p in written if p.name.endswith(".tmp")], round_
    outputs = [p for p in written if p.is_relative_to(out)]
    assert all(p.read_bytes() == EXPECTED for p in outputs), round_
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    *objects, summary = lines
    assert len(objects) == summary["summary"]["inputs"]
    if status == -signum:
        assert summary["summary"]["interrupted"] is None, (round_, summary)
    if summary["summary"]["interrupted"] is None:  # the signal came after the report was complete
        assert (summary["summary"]["inputs"], summary["summary"]["exit_status"]) == (FILES, 0)
    else:
        assert summary["summary"]["interrupted"] == signal.Signals(signum).name
        assert summary["summary"]["exit_status"] == status
    assert all(obj["status"] in ("cleaned", "unchanged") for obj in objects)
    shutil.rmtree(out, ignore_errors=True)
    report.unlink()


def _signal_loop(tmp_path: Path, deliveries: int, seed: int) -> None:
    tree = _seed_tree(tmp_path / "in", FILES)
    rng = random.Random(seed)
    for round_ in range(deliveries):
        _deliver(tmp_path, tree, rng, round_)


def test_signals_at_random_moments_never_hang_or_leave_anything_partial(tmp_path: Path) -> None:
    """SIGTERM or Ctrl-C, to the process or its group, with -j 1 or 2: the run ends within the time
    allowed with 130 or 143, its outputs are whole, and its report holds what was done and a summary
    marked interrupted."""
    _signal_loop(tmp_path, DELIVERIES, seed=13)


@pytest.mark.slow
def test_many_signals_at_random_moments(tmp_path: Path) -> None:
    """The same, for SLOW_DELIVERIES signals (pytest -m slow)."""
    _signal_loop(tmp_path, SLOW_DELIVERIES, seed=9)


def test_a_worker_signalled_outside_a_task_does_not_leave(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that gets SIGTERM between tasks (perhaps while sending a result back) notes it and
    refuses its next chunk instead of leaving at once, which could cut a message in half and leave
    the parent waiting for its end."""
    monkeypatch.setattr(workers, "_worker_stopped", None)
    workers._worker_sigterm(signal.SIGTERM, None)  # leaving here would end this test's process
    assert workers._worker_stopped == signal.SIGTERM
    with pytest.raises(KeyboardInterrupt):
        workers._in_worker(lambda task, job: task, None, [1, 2])


def test_a_worker_interrupted_in_a_task_is_interrupted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM to the group, then the parent's own stop: the worker's task is interrupted by the
    first, and the second, landing while the task unwinds (its temporary file being removed), is
    only noted, so the cleanup runs to its end."""
    monkeypatch.setattr(workers, "_worker_stopped", None)
    monkeypatch.setattr(workers, "_worker_busy", True)
    with pytest.raises(KeyboardInterrupt):
        workers._worker_sigterm(signal.SIGTERM, None)
    workers._worker_sigterm(signal.SIGTERM, None)  # raising here would cut the cleanup short
    assert workers._worker_stopped == signal.SIGTERM


def test_an_interrupted_pool_is_stopped_in_bounded_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """After an interruption the parent waits for its workers at most STOP_GRACE seconds, then
    kills those left: a worker that ignores SIGTERM does not hold the run."""
    monkeypatch.setattr(workers, "STOP_GRACE", 0.5)
    pool = workers.Workers(2)
    pool.start(2)
    list(pool.map(_ignore_sigterm, [1, 2], None, lost=lambda _task: None))
    processes = list(pool._pool._processes.values())  # type: ignore[union-attr]
    started = time.monotonic()
    pool.close(interrupted=True)
    assert time.monotonic() - started < 10
    assert all(process.exitcode is not None for process in processes)


def _ignore_sigterm(task: int, _job: None) -> int:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    return task


def test_interrupted_run_writes_its_report_with_a_summary_marked_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during the third input: the report holds the two inputs done and a summary marked
    interrupted; the status is 130."""
    tree = tmp_path / "in"
    tree.mkdir()
    for number in range(5):
        (tree / f"{number}.txt").write_text(ARTICLE, encoding="utf-8")
    clean_file = batch.clean_file

    def interrupted_at_the_third(task: batch.Task, job: batch.Job) -> Outcome:
        if task.source.endswith("2.txt"):
            raise KeyboardInterrupt
        return clean_file(task, job)

    monkeypatch.setattr(batch, "clean_file", interrupted_at_the_third)
    report = tmp_path / "report.jsonl"
    args = [str(tree), "-o", str(tmp_path / "out"), "-j", "1", "--report", str(report)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 130
    *objects, summary = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [obj["source"] for obj in objects] == [str(tree / "0.txt"), str(tree / "1.txt")]
    assert summary["summary"]["interrupted"] == "SIGINT"
    assert (summary["summary"]["inputs"], summary["summary"]["exit_status"]) == (2, 130)
    assert "interrupted" in result.stderr


@pytest.mark.parametrize("stage", ["plan", "workers"])
def test_a_run_interrupted_before_its_first_input_still_writes_its_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    """Ctrl-C while the outputs are planned (the output directory may already exist) or while the
    workers start: the report is still written, with no objects and a summary marked interrupted."""
    tree = tmp_path / "in"
    tree.mkdir()
    (tree / "0.txt").write_text(ARTICLE, encoding="utf-8")
    real = getattr(batch, stage)

    def interrupted(*args: object, **kwargs: object) -> object:
        if stage == "plan":
            real(*args, **kwargs)  # the output directory is made, then the signal comes
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, stage, interrupted)
    report = tmp_path / "report.jsonl"
    args = [str(tree), "-o", str(tmp_path / "out"), "-j", "1", "--report", str(report)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 130
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [line["summary"]["interrupted"] for line in lines] == ["SIGINT"]
    assert lines[0]["summary"]["inputs"] == 0
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_signal_at_the_end_of_a_run_waits_until_the_report_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the summary is written, the workers stop and the report is put in place: the
    report is complete (every input and a summary), then the run stops with 130."""
    tree = tmp_path / "in"
    tree.mkdir()
    for number in range(3):
        (tree / f"{number}.txt").write_text(ARTICLE, encoding="utf-8")
    write_summary = batch._write_summary

    def interrupted_while_writing(*args: Any) -> None:
        signal.raise_signal(signal.SIGINT)  # Python's own handler raises KeyboardInterrupt here
        write_summary(*args)

    monkeypatch.setattr(batch, "_write_summary", interrupted_while_writing)
    report = tmp_path / "report.jsonl"
    args = [str(tree), "-o", str(tmp_path / "out"), "-j", "1", "--report", str(report)]
    # Ctrl-C as an interpreter starts with it, whatever an earlier test left in this process.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert result.exit_code == 130
    *objects, summary = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert len(objects) == summary["summary"]["inputs"] == 3
    assert summary["summary"]["interrupted"] is None
    assert not list(tmp_path.rglob("*.tmp"))


# Inputs that cannot be read: one rule wherever they are named.


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "in"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tree / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    return tree


def _assert_one_failure(result: object, name: str, reason: str, out: Path, cleaned: list[str]) -> None:
    assert result.exit_code == EXIT_FAILED, result.output  # type: ignore[attr-defined]
    assert f"error: {name}: " in result.stderr and reason in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    for relative in cleaned:
        assert (out / relative).read_text(encoding="utf-8") == CLEAN


def test_a_symlink_loop_on_the_command_line_fails_alone(tmp_path: Path) -> None:
    """A symbolic link that loops is named with its reason; the other input is cleaned; 123."""
    tree = _tree(tmp_path)
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    result = CliRunner().invoke(cli, [str(loop), str(tree / "a.txt"), "-o", str(tmp_path / "out")])
    _assert_one_failure(result, str(loop), "Too many levels of symbolic links", tmp_path / "out", ["a.txt"])


@pytest.mark.skipif(os.geteuid() == 0, reason="the superuser reads files whatever their mode")
def test_an_unreadable_file_on_the_command_line_fails_alone(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    result = CliRunner().invoke(cli, [str(locked), str(tree / "a.txt"), "-o", str(tmp_path / "out")])
    _assert_one_failure(result, str(locked), "Permission denied", tmp_path / "out", ["a.txt"])


def test_an_unreadable_file_fails_alone_as_the_system_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same rule where the superuser would read the file: its reading fails as the system would
    say, on the command line as inside a directory."""
    tree = _tree(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    read_source = batch.read_source

    def denied(source: str) -> bytes:
        if source == str(locked):
            raise PermissionError(13, "Permission denied", source)
        return read_source(source)

    monkeypatch.setattr(batch, "read_source", denied)
    access = os.access  # what click asks before it takes a path
    monkeypatch.setattr(
        os, "access", lambda path, mode, **kw: Path(path) != locked and access(path, mode, **kw)
    )
    args = [str(locked), str(tree), "-o", str(tmp_path / "out"), "--no-learn-boilerplate"]
    result = CliRunner().invoke(cli, args)
    _assert_one_failure(result, str(locked), "Permission denied", tmp_path / "out", ["a.txt", "sub/b.txt"])


def test_a_folder_that_cannot_be_listed_is_named_and_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A subdirectory that cannot be listed is no longer passed over in silence: it is named with
    the reason, the other files are cleaned, and the run (or --check) exits 123."""
    tree = _tree(tmp_path)
    scandir = os.scandir

    def denied(path: str) -> object:
        if Path(path) == tree / "sub":
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(batch.os, "scandir", denied)
    result = CliRunner().invoke(cli, [str(tree), "-o", str(tmp_path / "out")])
    _assert_one_failure(
        result, str(tree / "sub"), "cannot list this folder: Permission denied", tmp_path / "out", ["a.txt"]
    )
    assert CliRunner().invoke(cli, [str(tree), "--check"]).exit_code == EXIT_FAILED


@pytest.mark.skipif(os.geteuid() == 0, reason="the superuser lists folders whatever their mode")
def test_an_unreadable_subdirectory_with_real_permissions(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    (tree / "sub").chmod(0)
    try:
        result = CliRunner().invoke(cli, [str(tree), "-o", str(tmp_path / "out")])
    finally:
        (tree / "sub").chmod(0o755)
    _assert_one_failure(result, str(tree / "sub"), "Permission denied", tmp_path / "out", ["a.txt"])


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_input_that_vanishes_before_it_is_read_fails_alone(tmp_path: Path, jobs: int) -> None:
    """A file listed by the walk and removed before it is read is named; the others are cleaned."""
    tree = _tree(tmp_path)
    (tree / "c.txt").write_text(ARTICLE, encoding="utf-8")
    outcomes: list[Outcome] = []
    options = BatchOptions(output=tmp_path / "out", jobs=jobs, learn=False)
    summary = run([str(tree)], options, outcomes.append, on_start=lambda _inputs: (tree / "a.txt").unlink())
    assert summary.return_code(report_changes=False) == EXIT_FAILED
    failed = [(o.name, o.error) for o in outcomes if o.error]
    assert failed == [(str(tree / "a.txt"), "No such file or directory")]
    assert (tmp_path / "out" / "c.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "out" / "sub" / "b.txt").read_text(encoding="utf-8") == CLEAN


# Streams: each input is read once.


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for process substitution")
def test_process_substitution_inputs_are_read_once(tmp_path: Path) -> None:
    """`govclean <(cat a) <(cat b) -o out/`: the learning pass does not consume the streams, so both
    outputs hold the clean articles, and --check of the same streams sees that they would change."""
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    script = (
        f'"$@" <(cat {source}) <(cat {source}) -o {tmp_path / "out"}; echo $? >&2; '
        f'"$@" <(cat {source}) <(cat {source}) --check'
    )
    done = subprocess.run(
        ["bash", "-c", script, "bash", *COMMAND], capture_output=True, env=_env(), check=False, timeout=HANG
    )
    outputs = sorted((tmp_path / "out").iterdir())
    assert len(outputs) == 2, done.stderr
    assert [p.read_text(encoding="utf-8") for p in outputs] == [CLEAN, CLEAN]
    assert done.stderr.decode().splitlines()[1] == "0"
    assert done.returncode == 1, done.stderr


def test_a_stopped_run_names_its_signal_without_importing_signal() -> None:
    """The names a report gives SIGINT and SIGTERM need no import while the run unwinds, where a
    second signal could land inside it (a fresh interpreter: the module is not loaded before)."""
    code = (
        "import sys\nsys.modules.pop('signal', None)\n"
        "from govclean.io.signals import Interrupted\n"
        f"names = str(Interrupted({int(signal.SIGTERM)})), str(Interrupted({int(signal.SIGINT)}))\n"
        "print(*names, 'signal' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert run.stdout.split() == ["SIGTERM", "SIGINT", "False"]
