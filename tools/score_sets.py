"""Score line roles on every measured set: the annotated cases, the gold pages and their two
by-site halves, and perturbed variants of the cases for two seeds (``make score``).

    python tools/score_sets.py [--shared ../shared] [--cmd .venv/bin/govclean] [--seeds 7 11]

Each set is scored by the shared ``tools/score`` and reported by its summary line. The gold pages
are split by site (a hash of each page's site, from its ``expect.json`` source, else its folder
name): tuning on one half and reading the other measures what rests on concepts rather than on a
site's wording. Halves and variant kinds are folders of symbolic links under a temporary
directory, removed afterwards. Without the shared folder there is nothing to score: a message
says so and the exit status is 0.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

HALVES = ("site-half-a", "site-half-b")
_SITE_RE = re.compile(r";\s*site\s+(\S+)")
_FOLDER_SUFFIX_RE = re.compile(r"-[0-9a-f]{6,}$")


def site_of(case: Path) -> str:
    """The site a case folder comes from: named in its expect.json source, else its folder name
    without a trailing hash."""
    try:
        source = json.loads((case / "expect.json").read_text(encoding="utf-8")).get("source", "")
    except (OSError, ValueError):
        source = ""
    found = _SITE_RE.search(source or "")
    return found[1] if found else _FOLDER_SUFFIX_RE.sub("", case.name)


def half_of(case: Path) -> str:
    """One of :data:`HALVES`, the same for every page of a site and in every run."""
    return HALVES[hashlib.sha256(site_of(case).encode()).digest()[0] % 2]


def cases_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if (p / "expect.json").is_file())


def link_sets(groups: Mapping[str, Iterable[Path]], root: Path) -> dict[str, Path]:
    """A folder of symbolic links per group of case folders, under ``root``."""
    folders = {}
    for name, cases in groups.items():
        folder = root / name
        folder.mkdir(parents=True)
        for case in cases:
            (folder / case.name).symlink_to(case.resolve(), target_is_directory=True)
        folders[name] = folder
    return folders


def score_line(score: Path, folder: Path, cmd: str) -> str:
    """The summary line the shared score tool prints for one folder of cases."""
    done = subprocess.run(
        [sys.executable, str(score), str(folder), "--cmd", cmd], capture_output=True, text=True, check=False
    )
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else f"no score (exit {done.returncode}): {done.stderr.strip()[-200:]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--cmd", default=".venv/bin/govclean")
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11])
    args = parser.parse_args(argv)
    score, perturb = args.shared / "tools" / "score", args.shared / "tools" / "perturb"
    cases, gold = args.shared / "corpus" / "cases", args.shared / "corpus" / "gold"
    if not (score.is_file() and cases.is_dir()):
        sys.stderr.write(f"score: {args.shared} holds no corpus and score tool: nothing to score\n")
        return 0
    out = sys.stdout
    width = 28
    out.write(f"{'cases':<{width}} {score_line(score, cases, args.cmd)}\n")
    with tempfile.TemporaryDirectory(prefix="govclean-score-") as tmp:
        root = Path(tmp)
        if gold.is_dir():
            out.write(f"{'gold':<{width}} {score_line(score, gold, args.cmd)}\n")
            pages = cases_in(gold)
            halves = link_sets({h: [p for p in pages if half_of(p) == h] for h in HALVES}, root / "gold")
            for name, folder in halves.items():
                out.write(f"{'gold ' + name:<{width}} {score_line(score, folder, args.cmd)}\n")
        for seed in args.seeds:
            variants = root / f"variants-{seed}"
            subprocess.run(
                [sys.executable, str(perturb), str(cases), str(variants), "--seed", str(seed)],
                capture_output=True,
                check=True,
            )
            kinds: dict[str, list[Path]] = {}
            for variant in cases_in(variants):
                kinds.setdefault(variant.name.rsplit("~", 1)[-1], []).append(variant)
            for kind, folder in sorted(link_sets(kinds, root / f"kinds-{seed}").items()):
                out.write(f"{f'perturbed {seed} {kind}':<{width}} {score_line(score, folder, args.cmd)}\n")
            out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
