"""The opt-in compiled build: its module list and what the build backend asks for."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULE_LIST = ROOT / "build_backend" / "compiled_modules.txt"


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    monkeypatch.syspath_prepend(str(ROOT / "build_backend"))
    module = importlib.import_module("govclean_build")
    # setuptools' own question runs setup.py, which is not what is tested here.
    monkeypatch.setattr(module._setuptools, "get_requires_for_build_wheel", lambda _settings: [])
    yield module
    sys.modules.pop("govclean_build", None)


def _listed() -> list[str]:
    lines = (line.strip() for line in MODULE_LIST.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_every_listed_module_exists_once_in_the_package() -> None:
    listed = _listed()
    assert listed, "the compiled build lists no module"
    assert len(set(listed)) == len(listed)
    for path in listed:
        assert path.startswith("govclean/") and path.endswith(".py"), path
        assert (ROOT / path).is_file(), path


@pytest.mark.parametrize("value", ["", "0"])
def test_the_plain_build_needs_no_compiler(
    backend: ModuleType, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("GOVCLEAN_COMPILE", value)
    assert not backend.compiling()
    assert backend.get_requires_for_build_wheel() == []


def test_the_compiled_build_asks_for_mypyc(backend: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCLEAN_COMPILE", "1")
    assert backend.compiling()
    assert backend.get_requires_for_build_wheel() == [backend.MYPYC_REQUIREMENT]
    assert backend.MYPYC_REQUIREMENT.startswith("mypy")


def test_setup_py_does_not_compile_while_requirements_are_asked(
    backend: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """setuptools runs setup.py to ask for requirements, before mypyc is installed."""
    seen: list[bool] = []
    monkeypatch.setattr(
        backend._setuptools,
        "get_requires_for_build_wheel",
        lambda _settings: seen.append(backend.compiling()) or [],
    )
    monkeypatch.setenv("GOVCLEAN_COMPILE", "1")
    backend.get_requires_for_build_wheel()
    assert seen == [False]
    assert backend.compiling()
