"""Batches: discovery, output mapping, the worker pool, the summary and its exit statuses, diffs."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path, PurePath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govclean import clean_text
from govclean.config import CleanConfig
from govclean.io.batch import (
    Input,
    Job,
    Outcome,
    PlanError,
    Task,
    clean_file,
    discover,
    learn_batch_boilerplate,
    plan,
    run_tasks,
    workers,
)
from govclean.io.diff import unified_diff
from govclean.io.summary import EXIT_FAILED, EXIT_OK, EXIT_WOULD_CHANGE, FileCounts, Summary
from govclean.roles.boilerplate import EDGE_LINES

from . import hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from .cli_fixtures import CLEAN, SEED


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(CLEAN, encoding="utf-8")


def test_discover_walks_directories_sorted_with_default_glob(tmp_path: Path) -> None:
    """A directory yields its *.txt files recursively, in path order, relative to the directory."""
    _tree(tmp_path, ["b.txt", "a/z.txt", "a/b/c.txt", "notes.md", "a/.x.txt.orig"])
    found = discover([str(tmp_path)])
    assert [i.relative for i in found] == [
        str(PurePath("a/b/c.txt")),
        str(PurePath("a/z.txt")),
        "b.txt",
    ]
    assert found[0].source == str(tmp_path / "a" / "b" / "c.txt")


def test_discover_include_and_exclude_globs(tmp_path: Path) -> None:
    """--include replaces the default glob; --exclude drops files and prunes whole folders."""
    _tree(tmp_path, ["a.txt", "b.md", "drafts/c.md", "keep/d.md", "keep/skip-e.md"])
    found = discover([str(tmp_path)], include=["*.md"], exclude=["drafts", "skip-*"])
    assert [i.relative.replace(os.sep, "/") for i in found] == ["b.md", "keep/d.md"]


def test_discover_does_not_follow_symlinks(tmp_path: Path) -> None:
    """Symbolic links inside a walked directory, to files or folders, are skipped."""
    _tree(tmp_path / "elsewhere", ["x.txt"])
    _tree(tmp_path / "root", ["real.txt"])
    (tmp_path / "root" / "linked-dir").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "root" / "linked.txt").symlink_to(tmp_path / "elsewhere" / "x.txt")
    assert [i.relative.replace(os.sep, "/") for i in discover([str(tmp_path / "root")])] == ["real.txt"]


def test_discover_takes_named_files_and_stdin_as_given(tmp_path: Path) -> None:
    """A file named on the command line is taken whatever its name; '-' stays stdin."""
    _tree(tmp_path, ["page.html"])
    found = discover([str(tmp_path / "page.html"), "-"])
    assert [(i.source, i.relative.replace(os.sep, "/")) for i in found] == [
        (str(tmp_path / "page.html"), "page.html"),
        ("-", "stdin.txt"),
    ]


def test_discover_prunes_the_runs_own_output_directory(tmp_path: Path) -> None:
    """An output directory inside the input tree is not read back as input."""
    _tree(tmp_path, ["a.txt", "out/a.txt"])
    found = discover([str(tmp_path)], prune=[tmp_path / "out"])
    assert [i.relative.replace(os.sep, "/") for i in found] == ["a.txt"]


def test_plan_mirrors_the_tree_below_output_directories(tmp_path: Path) -> None:
    """In a batch each input's relative path is kept below -o DIR, --appended DIR and reports."""
    inputs = [Input("in/a/b.txt", str(PurePath("a/b.txt")))]
    tasks = plan(
        inputs, output=tmp_path / "out", appended=tmp_path / "app", batch=True, reports=tmp_path / "rep"
    )
    assert tasks == [
        Task("in/a/b.txt", tmp_path / "out/a/b.txt", tmp_path / "app/a/b.txt", tmp_path / "rep/a/b.txt.jsonl")
    ]


def test_plan_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    """An output, appended or report path that is an input is refused, naming the input."""
    _tree(tmp_path, ["a.txt", "b.txt"])
    inputs = discover([str(tmp_path)])
    with pytest.raises(PlanError, match=r"overwrite the input .*a\.txt"):
        plan(inputs, output=tmp_path, appended=None, batch=True)
    with pytest.raises(PlanError, match="overwrite the input"):
        plan(inputs[:1], output=None, appended=tmp_path / "a.txt", batch=False)
    with pytest.raises(PlanError, match=r"overwrite the input .*b\.txt"):
        plan(inputs, output=tmp_path / "out", appended=None, batch=True, report_file=tmp_path / "b.txt")


def test_plan_refuses_two_inputs_with_one_output(tmp_path: Path) -> None:
    """Two named files with the same name cannot both be mirrored to one output file."""
    _tree(tmp_path, ["x/a.txt", "y/a.txt"])
    inputs = discover([str(tmp_path / "x" / "a.txt"), str(tmp_path / "y" / "a.txt")])
    with pytest.raises(PlanError, match="would both be written"):
        plan(inputs, output=tmp_path / "out", appended=None, batch=True)


def test_plan_refuses_a_file_as_output_directory(tmp_path: Path) -> None:
    """Several inputs with -o naming an existing file is an error, not a silent overwrite."""
    _tree(tmp_path, ["in/a.txt", "existing.txt"])
    with pytest.raises(PlanError, match="is a file"):
        plan(discover([str(tmp_path / "in")]), output=tmp_path / "existing.txt", appended=None, batch=True)


def test_clean_file_reports_failures_instead_of_raising(tmp_path: Path) -> None:
    """A missing file and a binary file come back as failed outcomes naming the reason."""
    (tmp_path / "binary.txt").write_bytes(b"\x00" * 50)
    job = Job(CleanConfig(), report=True)
    missing = clean_file(Task(str(tmp_path / "missing.txt")), job)
    binary = clean_file(Task(str(tmp_path / "binary.txt")), job)
    assert missing.counts.status == "failed" and missing.error == "No such file or directory"
    assert binary.counts.status == "failed" and "binary" in (binary.error or "")
    assert binary.report is not None
    failed = json.loads(binary.report)
    succeeded = json.loads(clean_file(Task(str(SEED)), job).report or "{}")
    assert failed["status"] == "failed" and failed["error"] == binary.error
    assert failed.keys() == succeeded.keys()


def test_clean_file_status_compares_bytes(tmp_path: Path) -> None:
    """A clean UTF-8 file is unchanged; the same text in GB18030 is cleaned (its bytes change)."""
    (tmp_path / "utf8.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "gb.txt").write_bytes(CLEAN.encode("gb18030"))
    job = Job(CleanConfig(), write="none")
    assert clean_file(Task(str(tmp_path / "utf8.txt")), job).counts.status == "unchanged"
    assert clean_file(Task(str(tmp_path / "gb.txt")), job).counts.status == "cleaned"


def test_clean_file_in_place_keeps_a_backup_only_when_rewriting(tmp_path: Path) -> None:
    """--in-place rewrites a changed file and saves FILE.orig; an unchanged file is left alone."""
    raw, clean = tmp_path / "raw.txt", tmp_path / "clean.txt"
    raw.write_bytes(SEED.read_bytes())
    clean.write_text(CLEAN, encoding="utf-8")
    job = Job(CleanConfig(), write="in_place")
    clean_file(Task(str(raw)), job)
    clean_file(Task(str(clean)), job)
    assert (tmp_path / "raw.txt.orig").read_bytes() == SEED.read_bytes()
    assert raw.read_text(encoding="utf-8") == clean_text(SEED.read_text(encoding="utf-8")).text
    assert not (tmp_path / "clean.txt.orig").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_tasks_keeps_input_order_and_survives_failures(tmp_path: Path, jobs: int) -> None:
    """Outcomes arrive in input order with one or two workers; a bad file does not stop the rest."""
    names = [f"{n:02d}.txt" for n in range(12)]
    _tree(tmp_path / "in", names)
    (tmp_path / "in" / "05.txt").write_bytes(b"\x00binary")
    tasks = plan(discover([str(tmp_path / "in")]), output=tmp_path / "out", appended=None, batch=True)
    seen: list[Outcome] = []
    with workers(jobs) as pool:
        run_tasks(tasks, Job(CleanConfig()), pool, seen.append)
    assert [Path(o.name).name for o in seen] == names
    assert [o.counts.status for o in seen].count("failed") == 1 and seen[5].error
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [n for n in names if n != "05.txt"]


def _worker_id(_task: Task, _job: Job) -> int:
    time.sleep(0.02)  # long enough that every worker takes a task
    return os.getpid()


def test_both_passes_share_the_worker_processes_and_learn_the_same_lines(tmp_path: Path) -> None:
    """The learning pass and the cleaning pass run on the same processes; what two workers learn
    is what one process learns."""
    header = "居民服务资料汇编第二辑"
    (tmp_path / "in").mkdir()
    for number in range(8):
        (tmp_path / "in" / f"{number}.txt").write_text(f"{header}\n第{number}期\n{CLEAN}", encoding="utf-8")
    tasks = plan(discover([str(tmp_path / "in")]), output=tmp_path / "out", appended=None, batch=True)
    job = Job(CleanConfig())
    with workers(1) as alone:
        expected = learn_batch_boilerplate(tasks, job, alone)
    with workers(2) as pool:
        assert learn_batch_boilerplate(tasks, job, pool) == expected and header in expected
        first = set(pool.map(_worker_id, tasks, job, lost=lambda _task: 0))
        second = set(pool.map(_worker_id, tasks, job, lost=lambda _task: 0))
    assert first == second and os.getpid() not in first


def _source_or_death(task: Task, _job: Job) -> str:
    if task.source.endswith("dies"):
        os._exit(1)  # as a worker killed by the system would end
    return task.source


def test_a_dead_worker_costs_its_pass_and_the_next_pass_gets_new_processes() -> None:
    """Tasks a dead worker took with it are reported lost, in order; the pool is started again."""
    tasks = [Task(name) for name in ("a", "b", "dies", "c", "d", "e")]
    job = Job(CleanConfig())
    with workers(2) as pool:
        broken = list(pool.map(_source_or_death, tasks, job, lost=lambda _task: "lost"))
        healthy = list(pool.map(_source_or_death, tasks[3:], job, lost=lambda _task: "lost"))
    assert broken[2] == "lost"
    assert all(got in (task.source, "lost") for got, task in zip(broken, tasks, strict=True))
    assert healthy == ["c", "d", "e"]


@pytest.mark.parametrize(
    ("statuses", "report_changes", "expected"),
    [
        (["unchanged"], False, EXIT_OK),
        (["cleaned"], False, EXIT_OK),
        (["cleaned", "unchanged"], True, EXIT_WOULD_CHANGE),
        (["unchanged"], True, EXIT_OK),
        (["cleaned", "failed"], True, EXIT_FAILED),
        (["failed"], False, EXIT_FAILED),
    ],
)
def test_summary_return_code(statuses: list[str], report_changes: bool, expected: int) -> None:
    """Failures win (123), then changes found by --check/--diff (1), else 0."""
    summary = Summary()
    for status in statuses:
        summary.add(FileCounts(status))  # type: ignore[arg-type]
    assert summary.return_code(report_changes=report_changes) == expected


def test_summary_line_counts_everything() -> None:
    """The end line names cleaned/unchanged/failed and the removed, repaired and appended totals."""
    summary = Summary()
    summary.add(FileCounts("cleaned", 10, removed_lines=4, repaired_characters=2, appended_items=8))
    summary.add(FileCounts("unchanged", 5))
    assert summary.line(would=False) == (
        "1 file cleaned, 1 unchanged, 0 failed; 4 chrome/meta lines removed, 2 characters repaired, "
        "8 appended items separated"
    )
    assert summary.line(would=True).startswith("1 file would be cleaned")
    assert summary.as_dict(0)["summary"]["inputs"] == 2


def test_unified_diff_has_deterministic_headers() -> None:
    """The diff headers carry the name and fixed labels, never a timestamp; equal text gives ''."""
    raw = "标题\r\n\r\n下载到本地 , 更方便阅读\r\n" + "正文很长" * 10 + "\r\n"
    diff = unified_diff(raw, clean_text(raw).text, "raw/a.txt")
    assert diff.startswith("--- raw/a.txt\t(original)\n+++ raw/a.txt\t(cleaned)\n@@ ")
    assert "-下载到本地 , 更方便阅读\r\n" in diff
    assert unified_diff(CLEAN, clean_text(CLEAN).text, "x") == ""


def test_chunks_shrink_to_single_tasks_at_the_end() -> None:
    """Guided chunks keep every task once and in order, never exceed MAX_CHUNK, and end small."""
    from govclean.io.workers import MAX_CHUNK, _guided_chunks

    tasks = list(range(1000))
    chunks = list(_guided_chunks(tasks, 2))  # type: ignore[arg-type]
    assert [task for chunk in chunks for task in chunk] == tasks
    assert max(map(len, chunks)) == MAX_CHUNK
    assert [len(chunk) for chunk in chunks[-5:]] == [1] * 5
    assert [len(chunk) for chunk in _guided_chunks([1], 2)] == [1]  # type: ignore[list-item]


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "utf-16"])
def test_learning_reads_only_the_ends_of_a_large_file_and_finds_the_same_lines(
    tmp_path: Path, codec: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file larger than both ends together gives the edge lines its whole text gives, in any
    encoding, though only its ends were read (wide encodings are read whole)."""
    from govclean.io import batch
    from govclean.io.batch import EDGE_BYTES, _edge_text
    from govclean.roles.boilerplate import edge_lines

    if codec != "utf-16":
        monkeypatch.setattr(batch, "read_source", lambda source: pytest.fail(f"{source} was read whole"))

    lines = (
        ["欢迎访问本站 | 帮助中心", "居民服务资料汇编第二辑"]
        + [f"本段讲述第{n}个社区服务项目的开展情况，居民普遍表示满意。" for n in range(6000)]
        + ["联系我们 网站地图 隐私声明", "主办单位 示例市人民政府办公厅"]
    )
    text = "\n".join(lines) + "\n"
    source = tmp_path / "large.txt"
    source.write_bytes(text.encode(codec))
    assert source.stat().st_size > 2 * EDGE_BYTES
    edge = _edge_text(Task(str(source)), Job(CleanConfig()))
    assert edge is not None
    assert set(edge.split("\n")) == edge_lines(text)


_EDGE_LINE = st.one_of(
    st.sampled_from(["", "  ", "\u3000", "\u2000", "\u200b", "\ufeff", "⼈民", "\r"]),
    st.text(alphabet="第一条、。政府网站 \u2000\u200b⼈e\u0301", max_size=12),
)


@given(
    st.lists(_EDGE_LINE, max_size=3 * EDGE_LINES), st.lists(_EDGE_LINE, max_size=3 * EDGE_LINES) | st.none()
)
def test_edge_lines_are_those_of_every_line_normalized_one_by_one(
    head_lines: list[str], tail_lines: list[str] | None
) -> None:
    """The edge lines picked in C where the lines need no normalizing are those that normalizing
    each line in turn gives."""
    from govclean.characters.normalize import normalized
    from govclean.roles.boilerplate import MIN_CHARS, edge_lines, is_article_shaped

    def one_by_one(lines: list[str]) -> list[str]:
        return [clean for clean in (normalized(line).strip() for line in lines) if clean][:EDGE_LINES]

    head = "\n".join(head_lines)
    tail = None if tail_lines is None else "\n".join(tail_lines)
    last = (head if tail is None else tail).splitlines()
    ends = one_by_one(head.splitlines()) + one_by_one(last[::-1])
    expected = frozenset(line for line in ends if len(line) >= MIN_CHARS and not is_article_shaped(line))
    assert edge_lines(head, tail) == expected
