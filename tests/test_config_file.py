"""Options from [tool.govclean] in pyproject.toml or --config FILE; the command line wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govclean.cli import cli
from govclean.io.configfile import ConfigFileError, find_pyproject, read_options

from .conftest import SEEDS

SEED = SEEDS / "000_79a294fec3fc9865.txt"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root (it has .git) holding a copy of the seed in a subfolder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "raw.txt").write_bytes(SEED.read_bytes())
    return tmp_path


def test_find_pyproject_is_the_nearest_above_the_inputs(project: Path) -> None:
    """The search starts at the inputs' common folder and stops at the project root."""
    (project / "pyproject.toml").write_text("[tool.govclean]\n", encoding="utf-8")
    assert find_pyproject([str(project / "docs" / "raw.txt")]) == project / "pyproject.toml"
    (project / "docs" / "pyproject.toml").write_text("", encoding="utf-8")
    assert find_pyproject([str(project / "docs")]) == project / "docs" / "pyproject.toml"
    assert find_pyproject(["-"], cwd=project / "docs") == project / "docs" / "pyproject.toml"


def test_find_pyproject_stops_at_the_project_root(project: Path) -> None:
    """A pyproject.toml above the repository root is not this project's."""
    (project / "inner").mkdir()
    (project / "inner" / ".git").mkdir()
    (project / "pyproject.toml").write_text("[tool.govclean]\n", encoding="utf-8")
    assert find_pyproject([str(project / "inner")]) is None


def test_read_options_accepts_dashes_and_resolves_paths(tmp_path: Path) -> None:
    """Keys may use - or _; path options are relative to the configuration file."""
    config = tmp_path / "govclean.toml"
    config.write_text('script = "off"\nno-such = 1\n', encoding="utf-8")
    with pytest.raises(ConfigFileError, match="unknown option 'no-such'"):
        read_options(config, {"script"})
    config.write_text('in-place = true\nprotect = "names.txt"\n', encoding="utf-8")
    assert read_options(config, {"in_place", "protect"}, {"protect"}) == {
        "in_place": True,
        "protect": str(tmp_path / "names.txt"),
    }


def test_pyproject_without_a_govclean_table_sets_nothing(tmp_path: Path) -> None:
    """Another tool's pyproject.toml is not read as govclean options."""
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.black]\nline-length = 100\n", encoding="utf-8")
    assert read_options(pyproject, {"script"}) == {}
    pyproject.write_text("[tool.black\nline-length = ", encoding="utf-8")
    assert read_options(pyproject, {"script"}) == {}  # not ours, so not parsed, nor refused
    pyproject.write_text("[tool.govclean\nscript = ", encoding="utf-8")
    with pytest.raises(ConfigFileError, match="not valid TOML"):
        read_options(pyproject, {"script"})


def test_pyproject_options_apply_and_flags_win(project: Path) -> None:
    """[tool.govclean] sets defaults; an explicit flag overrides the file."""
    (project / "pyproject.toml").write_text('[tool.govclean]\nscript = "off"\n', encoding="utf-8")
    raw = project / "docs" / "raw.txt"
    assert "隊伍" in run(raw).stdout
    assert "队伍" in run(raw, "--script", "auto").stdout


def test_config_file_option_replaces_pyproject(project: Path) -> None:
    """--config FILE is read instead of pyproject.toml; a top-level table is accepted."""
    (project / "pyproject.toml").write_text('[tool.govclean]\nscript = "off"\n', encoding="utf-8")
    config = project / "govclean.toml"
    config.write_text('skip = ["classify_lines"]\n', encoding="utf-8")
    out = run(project / "docs" / "raw.txt", "--config", config).stdout
    assert "下载到本地" in out and "队伍" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[tool.govclean]\nscirpt = 'off'\n", "unknown option 'scirpt'"),
        ("[tool.govclean]\nsrc = ['x']\n", "unknown option 'src'"),
        ("[tool.govclean\n", "not valid TOML"),
        ("[tool]\ngovclean = 3\n", "must be a table"),
    ],
)
def test_bad_configuration_exits_2_naming_the_problem(project: Path, content: str, message: str) -> None:
    """Unknown keys, per-invocation options, broken TOML: exit 2 with the file and the key."""
    (project / "pyproject.toml").write_text(content, encoding="utf-8")
    result = run(project / "docs" / "raw.txt")
    assert result.exit_code == 2
    assert message in result.stderr and "pyproject.toml" in result.stderr


def test_bad_value_in_configuration_exits_2(project: Path) -> None:
    """A value of the wrong kind is rejected by the option it configures."""
    (project / "pyproject.toml").write_text("[tool.govclean]\njobs = 0\n", encoding="utf-8")
    assert run(project / "docs" / "raw.txt").exit_code == 2


def test_configured_paths_use_option_names_relative_to_the_file(project: Path) -> None:
    """Keys are long option names (protect, appended, no-backup); paths are relative to the file."""
    (project / "names.txt").write_text("互助性隊伍\n", encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[tool.govclean]\nprotect = "names.txt"\nappended = "others.txt"\nbackup = false\n', encoding="utf-8"
    )
    result = run(project / "docs" / "raw.txt")
    assert result.exit_code == 0 and "互助性隊伍" in result.stdout
    assert (project / "others.txt").read_text(encoding="utf-8").count("\n") == 8
