"""Checks of the compiled build (``make compiled``, ``make test-compiled``).

    python -P tools/compiled_check.py --installed
        run by the compiled build's interpreter: every module listed in
        build_backend/compiled_modules.txt is loaded from a compiled extension (exit 1 naming those
        that are not).
    python -P tools/compiled_check.py --same-results COMPILED_PYTHON
        run by the pure build's interpreter: tools/snapshot.py records the full results of both
        builds over the repository's seeds and golden inputs, and every document of the shared
        corpus beside the clone when it is there; exit 1 when one result differs.

``-P`` keeps the checkout off the path, so ``import govclean`` finds the installed package.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_LIST = ROOT / "build_backend" / "compiled_modules.txt"
SHARED = ROOT.parent / "shared"
#: What the record covers: the same inputs as the project's baseline record.
SHARED_INPUTS = (
    "corpus/cases",
    "corpus/gold",
    "corpus/simplified",
    "corpus/traditional",
    "corpus/legacy-encoding",
    "corpus/web",
    "corpus/pages",
    "seeds",
)


def listed_modules() -> list[str]:
    lines = (line.strip() for line in MODULE_LIST.read_text(encoding="utf-8").splitlines())
    return [line.removesuffix(".py").replace("/", ".") for line in lines if line and not line.startswith("#")]


def check_installed() -> int:
    pure = [
        name
        for name in listed_modules()
        if not str(getattr(importlib.import_module(name), "__file__", "")).endswith((".so", ".pyd"))
    ]
    for name in pure:
        sys.stderr.write(f"compiled build: {name} is not compiled\n")
    if not pure:
        sys.stderr.write(f"compiled build: {len(listed_modules())} modules compiled\n")
    return 1 if pure else 0


def record_inputs() -> list[Path]:
    inputs = [ROOT / "seeds", ROOT / "tests" / "golden"]
    return inputs + [SHARED / part for part in SHARED_INPUTS if (SHARED / part).exists()]


def check_same_results(compiled_python: str) -> int:
    inputs = list(map(str, record_inputs()))
    with tempfile.TemporaryDirectory() as folder:
        records = []
        for name, python in (("pure", sys.executable), ("compiled", compiled_python)):
            record = Path(folder) / f"{name}.jsonl"
            subprocess.run([python, "-P", ROOT / "tools" / "snapshot.py", record, *inputs], check=True)
            records.append(record.read_text(encoding="utf-8").splitlines())
    pure, compiled = records
    if len(pure) != len(compiled):
        sys.stderr.write(f"compiled build: {len(compiled)} full results, the pure build {len(pure)}\n")
        return 1
    differing = [row for row, other in zip(pure, compiled, strict=True) if row != other]
    sys.stderr.write(
        f"compiled build: {len(differing)} of {len(pure)} full results differ from the pure build's\n"
    )
    return 1 if differing else 0


def main(argv: list[str]) -> int:
    if argv == ["--installed"]:
        return check_installed()
    if len(argv) == 2 and argv[0] == "--same-results":
        return check_same_results(argv[1])
    sys.stderr.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
