"""Run every benchmark section (or those named on the command line) and print Markdown tables."""

from __future__ import annotations

import importlib
import platform
import sys

from bench.common import CORPUS

#: Section modules in print order; each has ``run() -> str``.
SECTIONS = ("throughput", "encoding", "characters", "scale", "review")


def main(argv: list[str]) -> int:
    wanted = argv or list(SECTIONS)
    print(
        f"# govclean benchmark\n\nmachine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}, corpus: {CORPUS if CORPUS.exists() else 'absent'}\n"
    )
    for name in wanted:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError:
            continue
        print(f"## {name}\n")
        print(module.run())
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
