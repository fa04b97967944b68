"""Record the full results of govclean over a set of documents, to prove a refactor changes nothing.

    python tools/snapshot.py OUT.jsonl DIR_OR_FILE...

Every regular file below each path is cleaned twice: alone, and with the boilerplate learned from
all files of its own top-level path. Each result is written as one JSON line (text, appended,
metadata, every change record, roles, encoding, script, warnings, or the error), sorted by path, so
two snapshots compare with ``diff`` or ``cmp``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from govclean import CleanConfig, clean_bytes
from govclean.roles.boilerplate import learn_boilerplate


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != "expect.json")


def _record(path: Path, data: bytes, config: CleanConfig, variant: str) -> dict[str, object]:
    row: dict[str, object] = {"path": str(path), "variant": variant}
    try:
        result = clean_bytes(data, config)
    except Exception as error:  # the error itself is part of the record
        row["error"] = f"{type(error).__name__}: {error}"
        return row
    row.update(
        text=result.text,
        appended=list(result.appended),
        metadata=result.metadata,
        changes=[c.as_dict() for c in result.changes],
        roles=[(ln.number, ln.role, ln.rule, ln.drop) for ln in result.lines],
        encoding=result.encoding.as_dict(),
        script=result.script.as_dict(),
        warnings=list(result.warnings),
        changed=result.changed,
    )
    return row


def main(argv: list[str]) -> int:
    out, *roots = argv
    with Path(out).open("w", encoding="utf-8") as sink:
        for root in map(Path, roots):
            files = _files(root)
            datas = [f.read_bytes() for f in files]
            texts = [data.decode("utf-8", "replace") for data in datas]
            learned = CleanConfig().replace(boilerplate=learn_boilerplate(texts))
            for path, data in zip(files, datas, strict=True):
                for variant, config in (("alone", CleanConfig()), ("batch", learned)):
                    sink.write(json.dumps(_record(path, data, config, variant), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
