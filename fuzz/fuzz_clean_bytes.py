"""Coverage-guided fuzz target: ``clean_bytes`` over arbitrary bytes (atheris, the ``fuzz`` extra).

    python -m fuzz.fuzz_clean_bytes -max_total_time=300 -artifact_prefix=tests/fuzz_regressions/ \
        tests/fuzz_regressions seeds

Any input that breaks a property is written under ``tests/fuzz_regressions/``, where
``tests/test_fuzz_regressions.py`` replays it on every test run. Without atheris the same
properties run over random mutations of the seed inputs (``--random N``).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = (ROOT / "seeds", ROOT / "tests" / "fuzz_regressions")
#: Byte strings that matter to the decoder and the line splitter.
INSERTIONS = (b"\n", b"\r\n", b"\r", b"\xef\xbb\xbf", b" " * 64, b"\xe3\x80\x80", b"\x00", b"\xff\xfe")


def check(data: bytes) -> None:
    """The properties every input must keep: only a refusal may raise, output is clean and stable."""
    from govclean import DecodeError, clean_bytes, clean_text

    try:
        result = clean_bytes(data)
    except DecodeError:
        return
    text = result.text
    assert "\r" not in text and "\ufeff" not in text, "output keeps a CR or a BOM"
    assert text == "" or (text.endswith("\n") and not text.endswith("\n\n")), "not one final newline"
    assert clean_text(text).text == text, "clean(clean(x)) != clean(x)"


def _mutate(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randrange(1, 16)):
        position = rng.randrange(len(buffer) + 1)
        choice = rng.randrange(3)
        if choice == 0:
            buffer[position:position] = rng.randbytes(rng.randrange(1, 8))
        elif choice == 1:
            del buffer[position : position + rng.randrange(1, 64)]
        else:
            buffer[position:position] = rng.choice(INSERTIONS)
    return bytes(buffer)


def random_fuzz(runs: int, seed: int = 0) -> None:
    """The fallback without atheris: random mutations of the seed inputs."""
    rng = random.Random(seed)
    seeds = [p.read_bytes() for d in SEED_DIRS if d.is_dir() for p in sorted(d.iterdir()) if p.is_file()]
    for _ in range(runs):
        check(_mutate(rng.choice(seeds or [b""]), rng))


def main(argv: list[str]) -> None:
    if argv[1:2] == ["--random"]:
        random_fuzz(int(argv[2]) if len(argv) > 2 else 10_000)
        return
    import atheris

    with atheris.instrument_imports():
        import govclean  # noqa: F401  (instrumented so the fuzzer sees its branches)
    atheris.Setup(argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
