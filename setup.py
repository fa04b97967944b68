"""Only the compiled build needs this file: ``GOVCLEAN_COMPILE=1`` compiles the modules listed in
``build_backend/compiled_modules.txt`` with mypyc; everything else is in pyproject.toml."""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup

sys.path.insert(0, str(Path(__file__).resolve().parent / "build_backend"))
from govclean_build import compiling

MODULE_LIST = Path(__file__).resolve().parent / "build_backend" / "compiled_modules.txt"


def compiled_modules() -> list[str]:
    """The listed module paths; a path that does not exist stops the build and is named."""
    paths = [line.strip() for line in MODULE_LIST.read_text(encoding="utf-8").splitlines()]
    paths = [path for path in paths if path and not path.startswith("#")]
    missing = [path for path in paths if not Path(path).is_file()]
    if missing:
        sys.exit(f"{MODULE_LIST.name}: no such module: {', '.join(missing)}")
    return paths


if compiling():
    from mypyc.build import mypycify

    setup(ext_modules=mypycify(compiled_modules(), opt_level="3", debug_level="0"))
else:
    setup()
