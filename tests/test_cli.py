"""The command line through click's CliRunner: every option, every exit status, stdout only data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govclean.cli import cli
from govclean.pipeline import SKIPPABLE_STEPS, STEP_NAMES

from .cli_fixtures import ARTICLE, CLEAN, EXPECTED, EXPECTED_APPENDED, SEED


def run(*args: str | Path, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A small input tree: two raw seed copies in nested folders and one already clean file."""
    for name in ("a/one.txt", "a/b/two.txt"):
        (tmp_path / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "in" / name).write_bytes(SEED.read_bytes())
    (tmp_path / "in" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_file_to_stdout_is_the_expected_seed() -> None:
    """`govclean FILE` prints exactly the clean text on stdout and nothing on stderr."""
    result = run(SEED)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == EXPECTED
    assert result.stderr == ""


@pytest.mark.parametrize("args", [[], ["-"]])
def test_stdin_to_stdout(args: list[str]) -> None:
    """`govclean < FILE` and `govclean -` read stdin."""
    result = run(*args, input=SEED.read_bytes())
    assert result.exit_code == 0 and result.stdout == EXPECTED


def test_output_file_appended_and_report(tmp_path: Path) -> None:
    """-o, --appended and --report write their files; stdout stays empty."""
    out, app, rep = tmp_path / "out.txt", tmp_path / "app.txt", tmp_path / "rep.jsonl"
    result = run(SEED, "-o", out, "--appended", app, "--report", rep)
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == EXPECTED
    assert app.read_text(encoding="utf-8") == EXPECTED_APPENDED
    [record] = [json.loads(line) for line in rep.read_text(encoding="utf-8").splitlines()]
    assert {
        "source",
        "output",
        "status",
        "encoding",
        "script",
        "metadata",
        "removed",
        "kept",
        "fixes",
        "appended",
        "warnings",
        "error",
    } <= record.keys()
    assert record["status"] == "cleaned" and record["output"] == str(out)
    assert record["metadata"]["editor"] == "张逸龙"


def test_output_dash_is_stdout() -> None:
    """-o - is stdout, as black and most tools read it."""
    assert run(SEED, "-o", "-").stdout == EXPECTED


def test_report_to_stdout_needs_the_text_elsewhere(tmp_path: Path) -> None:
    """--report - prints only the report when the text goes to a file; refused otherwise (2)."""
    ok = run(SEED, "-o", tmp_path / "out.txt", "--report", "-")
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)["source"] == str(SEED)
    refused = run(SEED, "--report", "-")
    assert refused.exit_code == 2 and "--report -" in refused.stderr


def test_version() -> None:
    """--version names the program and its version."""
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("govclean, version ")


def test_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    """-o naming the input exits 2 and leaves the input untouched."""
    raw = tmp_path / "raw.txt"
    raw.write_bytes(SEED.read_bytes())
    result = run(raw, "-o", raw)
    assert result.exit_code == 2 and "refusing to overwrite the input" in result.stderr
    assert raw.read_bytes() == SEED.read_bytes()


def test_failed_input_exits_123_naming_file_and_reason(tree: Path) -> None:
    """A missing and a binary input fail (123) with their reasons; the other inputs are written."""
    (tree / "in" / "bad.txt").write_bytes(b"\x00" * 64)
    result = run(tree / "in", tree / "missing.txt", "-o", tree / "out")
    assert result.exit_code == 123
    assert f"{tree / 'in' / 'bad.txt'}: binary input" in result.stderr
    assert f"{tree / 'missing.txt'}: No such file or directory" in result.stderr
    assert (tree / "out" / "a" / "b" / "two.txt").read_text(encoding="utf-8") == EXPECTED
    assert "2 files cleaned, 1 unchanged, 2 failed" in result.stderr


def test_directory_to_directory_mirrors_outputs_and_report(tree: Path) -> None:
    """A directory with -o DIR and --appended DIR mirrors the tree; the report ends with a summary."""
    result = run(tree / "in", "-o", tree / "out", "--appended", tree / "app", "--report", tree / "r.jsonl")
    assert result.exit_code == 0 and result.stdout == ""
    assert (tree / "out" / "a" / "one.txt").read_text(encoding="utf-8") == EXPECTED
    assert (tree / "app" / "a" / "b" / "two.txt").read_text(encoding="utf-8") == EXPECTED_APPENDED
    records = [json.loads(line) for line in (tree / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [Path(r["source"]).name for r in records[:-1]] == ["two.txt", "one.txt", "clean.txt"]
    assert records[-1]["summary"]["cleaned"] == 2 and records[-1]["summary"]["exit_status"] == 0


def test_several_inputs_need_a_destination(tree: Path) -> None:
    """A directory without -o DIR, --in-place, --check or --diff is a usage error (2)."""
    result = run(tree / "in")
    assert result.exit_code == 2 and "-o DIR" in result.stderr


def test_check_exits_1_naming_changed_inputs_and_writes_nothing(tree: Path) -> None:
    """--check lists the inputs that would change and exits 1; a clean tree exits 0."""
    before = {p: p.read_bytes() for p in (tree / "in").rglob("*") if p.is_file()}
    result = run("--check", tree / "in")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"would clean {tree / 'in' / 'a' / 'one.txt'}" in result.stderr
    assert "clean.txt" not in result.stderr.replace("cleaned", "")
    assert {p: p.read_bytes() for p in (tree / "in").rglob("*") if p.is_file()} == before
    assert run("--check", tree / "in" / "clean.txt").exit_code == 0


def test_check_on_a_cleaned_tree_exits_0_then_1_after_touching_a_file(tree: Path) -> None:
    """The cleaned tree passes --check; one edited file makes it fail and is named."""
    assert run(tree / "in", "-o", tree / "out").exit_code == 0
    assert run("--check", tree / "out").exit_code == 0
    touched = tree / "out" / "a" / "one.txt"
    touched.write_text(touched.read_text(encoding="utf-8") + "下载到本地 , 更方便阅读\n", encoding="utf-8")
    result = run("--check", tree / "out")
    assert result.exit_code == 1 and f"would clean {touched}" in result.stderr
    assert result.stderr.count("would clean ") == 1


def test_diff_prints_unified_diffs_on_stdout(tree: Path) -> None:
    """--diff prints one diff per changed input with fixed headers and exits 1; writes nothing."""
    result = run("--diff", tree / "in")
    assert result.exit_code == 1
    assert result.stdout.count("--- ") == 2
    assert f"+++ {tree / 'in' / 'a' / 'one.txt'}\t(cleaned)" in result.stdout
    assert "-下载到本地 , 更方便阅读" in result.stdout
    clean = run("--diff", tree / "in" / "clean.txt")
    assert clean.exit_code == 0 and clean.stdout == ""


def test_diff_shows_a_mojibake_repair(tmp_path: Path) -> None:
    """A file whose only change is a mojibake repair shows the repaired lines, not an empty diff."""
    text = "更多精校小说尽在知轩藏书下载\n　　这是一个真实又虚幻的世界，在这里虚幻和真实之间没有界限。\n"
    garbled = text.encode("gbk").decode("latin-1")
    for encoding in ("utf-8", "utf-8-sig"):
        source = tmp_path / f"garbled-{encoding}.txt"
        source.write_text(garbled, encoding=encoding)
        result = run("--diff", source)
        assert result.exit_code == 1
        assert f"-{garbled.splitlines()[0]}" in result.stdout
        assert "+更多精校小说尽在知轩藏书下载" in result.stdout
        assert "\ufeff" not in result.stdout


def test_explain_lists_changes_and_rules_on_stderr() -> None:
    """--explain names each change and its rule on stderr; stdout still holds only the text."""
    result = run(SEED, "--explain")
    assert result.stdout == EXPECTED
    assert f"{SEED}:4: classify_lines journal_share.download_prompt: chrome line removed:" in result.stderr
    assert "'隊' -> '队'" in result.stderr


def test_in_place_rewrites_with_backup(tree: Path) -> None:
    """--in-place rewrites changed inputs atomically and keeps FILE.orig; unchanged ones untouched."""
    result = run("--in-place", tree / "in")
    assert result.exit_code == 0
    assert (tree / "in" / "a" / "one.txt").read_text(encoding="utf-8") == EXPECTED
    assert (tree / "in" / "a" / "one.txt.orig").read_bytes() == SEED.read_bytes()
    assert not (tree / "in" / "clean.txt.orig").exists()
    assert run("--check", tree / "in").exit_code == 0


def test_in_place_without_backup(tree: Path) -> None:
    """--no-backup leaves no FILE.orig beside the rewritten inputs."""
    assert run("--in-place", "--no-backup", tree / "in").exit_code == 0
    assert not list((tree / "in").rglob("*.orig"))


@pytest.mark.parametrize(
    "args",
    [
        ["--in-place", "-"],
        ["--check", "-o", "x.txt"],
        ["--diff", "--in-place"],
        ["-q", "-v"],
        ["--skip", "no_such_step"],
        ["-j", "0"],
        ["--jsonl", "--check"],
    ],
)
def test_contradictory_or_invalid_options_exit_2(args: list[str]) -> None:
    """Options that cannot work together, or invalid values, are usage errors (2)."""
    assert run(*args, SEED).exit_code == 2


def test_quiet_prints_nothing_but_errors(tree: Path) -> None:
    """-q silences the summary and per-file lines, but errors still reach stderr."""
    assert run("-q", tree / "in", "-o", tree / "out").stderr == ""
    result = run("-q", "--check", tree / "in", tree / "missing.txt")
    assert result.exit_code == 123 and result.stderr.startswith("govclean: error:")
    assert "would clean" not in result.stderr


def test_verbose_names_inputs_and_prints_a_table(tree: Path) -> None:
    """-v names every input with its status and ends with the figures table."""
    result = run("-v", tree / "in", "-o", tree / "out")
    assert f"unchanged {tree / 'in' / 'clean.txt'}" in result.stderr
    assert "chrome/meta lines removed" in result.stderr and "bytes read" in result.stderr


def test_include_and_exclude(tree: Path) -> None:
    """--exclude drops matching files from a directory run; --include selects other names."""
    (tree / "in" / "page.md").write_bytes(SEED.read_bytes())
    result = run("--check", tree / "in", "--exclude", "b", "--include", "*.txt", "--include", "*.md")
    assert result.exit_code == 1
    assert "page.md" in result.stderr and "two.txt" not in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jobs_give_the_same_ordered_results(tree: Path, jobs: str) -> None:
    """-j N cleans with N workers; the report order is the input order whatever N is."""
    result = run("-j", jobs, tree / "in", "-o", tree / "out", "--report", "-")
    names = [Path(json.loads(line).get("source", "summary")).name for line in result.stdout.splitlines()]
    assert names == ["two.txt", "one.txt", "clean.txt", "summary"]


def test_encoding_and_strict(tmp_path: Path) -> None:
    """--encoding overrides detection; --strict fails a file with undecodable bytes (123)."""
    gb = tmp_path / "gb.txt"
    gb.write_bytes(CLEAN.encode("gb18030"))
    assert run(gb, "--encoding", "gb18030").stdout == CLEAN
    unknown = run(gb, "--encoding", "no-such-codec")  # the run's error, not each file's
    assert unknown.exit_code == 2 and "no-such-codec" in unknown.stderr and unknown.stdout == ""
    assert run(gb, "--encoding", "utf-8", "--strict").exit_code == 123


def test_script_off_and_skip_leave_stray_characters() -> None:
    """--script off and --skip repair_characters both keep 隊 as the source has it."""
    assert "隊伍" in run(SEED, "--script", "off").stdout
    assert "隊伍" in run(SEED, "--skip", "repair_characters").stdout
    assert "队伍" in run(SEED).stdout


def test_protect_file_keeps_listed_words(tmp_path: Path) -> None:
    """--protect FILE: words listed (comments and blanks ignored) are never repaired."""
    words = tmp_path / "names.txt"
    words.write_text("# names to keep\n\n互助性隊伍  # a team name\n", encoding="utf-8")
    out = run(SEED, "--protect", words).stdout
    assert "互助性隊伍" in out and "服务管理" in out


def test_list_steps_prints_the_pipeline() -> None:
    """--list-steps prints every step name in order with its summary."""
    result = run("--list-steps")
    assert result.exit_code == 0
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == list(STEP_NAMES)
    assert STEP_NAMES[0] == "decode" and STEP_NAMES[-1] == "assemble"
    always = [line.split("\t")[0] for line in result.stdout.splitlines() if "cannot be skipped" in line]
    assert always == ["decode", "assemble"]


_NOVEL = "更多精校小说尽在知轩藏书下载，这是一个真实又虚幻的世界。\n"
#: For each step that can be skipped, an input it changes.
_CHANGED_BY = {
    "fix_mojibake": _NOVEL.encode("gbk").decode("cp1252") * 3,
    "normalize_text": "第一段\u200b正文内容。\n",
    "strip_pinyin_annotations": "他們發(fā)現(xiàn)了問題。\n",
    "classify_lines": SEED.read_text(encoding="utf-8"),
    "repair_characters": SEED.read_text(encoding="utf-8"),
}


@pytest.mark.parametrize("step", SKIPPABLE_STEPS)
def test_every_other_step_can_be_skipped(step: str, tmp_path: Path) -> None:
    """--skip turns each step with a switch off: its changes, shown by --explain, are gone."""
    path = tmp_path / "in.txt"
    path.write_text(_CHANGED_BY[step], encoding="utf-8")
    assert f": {step} " in run(path, "--explain").stderr
    skipped = run(path, "--explain", "--skip", step)
    assert skipped.exit_code == 0, skipped.stderr
    assert f": {step} " not in skipped.stderr


@pytest.mark.parametrize("step", ["decode", "assemble"])
def test_steps_that_always_run_cannot_be_skipped(step: str) -> None:
    """--skip names only the steps that can be turned off: the others are a usage error."""
    result = run("--skip", step, SEED)
    assert result.exit_code == 2
    assert "fix_mojibake" in result.stderr and step in result.stderr


def test_jsonl_mode_delegates_to_the_record_cleaner(tmp_path: Path) -> None:
    """--jsonl cleans the text field of each record and writes the records in order."""
    source = tmp_path / "in.jsonl"
    records = [{"id": n, "text": SEED.read_text(encoding="utf-8")} for n in (1, 2)]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = run("--jsonl", source, "--field-prefix", "gc_")
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == [1, 2] and out[0]["text"] == EXPECTED
    assert any(key.startswith("gc_") for key in out[0])


def test_jsonl_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    """--jsonl -o FILE naming an input (under any name) is a usage error; the input is untouched."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(json.dumps({"id": 1, "text": ARTICLE}, ensure_ascii=False).encode("utf-8") + b"\n")
    (tmp_path / "link.jsonl").hardlink_to(source)
    before = source.read_bytes()
    result = run("--jsonl", source, "-o", tmp_path / "link.jsonl")
    assert result.exit_code == 2 and "refusing to overwrite the input" in result.stderr
    assert source.read_bytes() == before


def test_learned_boilerplate_is_removed_from_a_batch(tmp_path: Path) -> None:
    """A header line shared by every file of a batch is learned and removed; opt out keeps it."""
    header = "居民服务资料汇编第二辑"
    for number in range(4):
        (tmp_path / "in").mkdir(exist_ok=True)
        body = ARTICLE.replace("。\n", f"（第{number}期）。\n")
        (tmp_path / "in" / f"{number}.txt").write_text(f"{header}\n{body}", encoding="utf-8")
    learned = run(tmp_path / "in", "-o", tmp_path / "learned", "--explain")
    kept = run(tmp_path / "in", "-o", tmp_path / "kept", "--no-learn-boilerplate")
    assert learned.exit_code == kept.exit_code == 0
    for number in range(4):
        assert header not in (tmp_path / "learned" / f"{number}.txt").read_text(encoding="utf-8")
        assert header in (tmp_path / "kept" / f"{number}.txt").read_text(encoding="utf-8")
    assert f"batch.boilerplate: chrome line removed: {header}" in learned.stderr


def test_report_directory_mirrors_the_inputs(tree: Path) -> None:
    """--report DIR/ writes one RELATIVE-PATH.jsonl per input and a summary.jsonl beside them."""
    result = run(tree / "in", "-o", tree / "out", "--report", f"{tree / 'reports'}/")
    assert result.exit_code == 0 and result.stdout == ""
    record = json.loads((tree / "reports" / "a" / "b" / "two.txt.jsonl").read_text(encoding="utf-8"))
    assert record["source"] == str(tree / "in" / "a" / "b" / "two.txt") and record["status"] == "cleaned"
    unchanged = json.loads((tree / "reports" / "clean.txt.jsonl").read_text(encoding="utf-8"))
    assert unchanged["status"] == "unchanged"
    summary = json.loads((tree / "reports" / "summary.jsonl").read_text(encoding="utf-8"))
    assert summary["summary"]["inputs"] == 3


def test_jsonl_text_key_and_id_key(tmp_path: Path) -> None:
    """--text-key picks the field to clean; --id-key names a bad record in the warning."""
    source = tmp_path / "in.jsonl"
    records = [{"rid": "a1", "body": SEED.read_text(encoding="utf-8")}, {"rid": "b2", "body": 5}]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = run("--jsonl", source, "--text-key", "body", "--id-key", "rid")
    assert json.loads(result.stdout.splitlines()[0])["body"] == EXPECTED
    assert "record 'b2'" in result.stderr


def test_help_lists_every_option() -> None:
    """-h prints the usage with the exit statuses and every long option the command has."""
    result = run("-h")
    assert result.exit_code == 0 and "Exit status: 0 success" in result.stdout
    for param in cli.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--"):
                assert opt in result.stdout


#: Six regulations of one kind: the same chapters and closing articles, each its own subject.
REGULATION = (
    "居民服务资料汇编第二辑\n{subject}管理办法\n第一章 总则\n"
    "第一条 为了规范本市{subject}管理工作，保障居民的合法权益，根据有关法律法规，制定本办法。\n"
    "第二条 本办法适用于本市行政区域内的{subject}管理活动。\n第二章 管理职责\n"
    "第三条 市{subject}主管部门负责本办法的组织实施，区县人民政府做好相关工作。\n"
    "第四章 附则\n第三十一条 本办法由市{subject}主管部门负责解释。\n第三十二条 本办法自发布之日起施行。\n"
)
SUBJECTS = ("养老服务", "托育机构", "社区食堂", "物业服务", "停车场", "公共图书馆")
STRUCTURE = ("第一章 总则", "第四章 附则", "第三十一条 本办法由市", "第三十二条 本办法自发布之日起施行。")


def _regulations(root: Path) -> Path:
    root.mkdir(parents=True)
    for number, subject in enumerate(SUBJECTS):
        (root / f"{number}.txt").write_text(REGULATION.format(subject=subject), encoding="utf-8")
    return root


def test_learning_never_takes_headings_articles_or_sentences(tmp_path: Path) -> None:
    """Regulations cleaned together keep their shared chapters and closing articles (body-shaped
    lines are never learned); the shared site header is still learned, and the summary counts
    the lines removed as learned boilerplate."""
    raw = _regulations(tmp_path / "in")
    result = run(raw, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    alone = {path.name: run(path).stdout for path in raw.iterdir()}
    for number in range(len(SUBJECTS)):
        cleaned = (tmp_path / "out" / f"{number}.txt").read_text(encoding="utf-8")
        assert all(line in cleaned for line in STRUCTURE)
        assert "居民服务资料汇编第二辑" not in cleaned
        assert "居民服务资料汇编第二辑" in alone[f"{number}.txt"]
    assert "chrome/meta lines removed (6 as learned boilerplate)" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("cleaned_as", ["batch", "files"])
def test_check_of_a_tree_does_not_depend_on_how_it_was_cleaned(tmp_path: Path, cleaned_as: str) -> None:
    """--check and --diff judge each file alone, so a tree cleaned file by file passes as a tree,
    as one cleaned as a batch does; --learn-boilerplate asks them to learn all the same."""
    raw = _regulations(tmp_path / "in")
    out = tmp_path / "out"
    if cleaned_as == "batch":
        assert run(raw, "-o", out).exit_code == 0
    else:
        out.mkdir()
        for path in raw.iterdir():
            assert run(path, "-o", out / path.name).exit_code == 0
    assert run("--check", out).exit_code == 0
    assert run("--diff", out).stdout == ""
    learning = run("--check", "--learn-boilerplate", out)
    assert learning.exit_code == (0 if cleaned_as == "batch" else 1)


def test_strict_decoding_and_the_older_strict(tmp_path: Path) -> None:
    """--strict-decoding fails a file with undecodable bytes; --strict still does (it means both)."""
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes("第一段正文。\n".encode() + b"\xff\xfe\n")
    utf8 = ("--encoding", "utf-8")
    assert run(*utf8, damaged).exit_code == 0
    assert run(*utf8, "--strict-decoding", damaged).exit_code == 123
    assert run(*utf8, "--strict", damaged).exit_code == 123
    assert run(*utf8, "--stop-on-bad-record", damaged).exit_code == 0  # a JSON Lines option only
