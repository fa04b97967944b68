"""govclean: clean raw text scraped from Chinese sites into faithful UTF-8 articles.

>>> result = clean_text("标题\\n\\n下载到本地 , 更方便阅读\\n" + "正文" * 20)
>>> result.text.splitlines()[0]
'标题'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govclean.config import CleanConfig
from govclean.model import Change, CleanResult, EncodingInfo, ScriptInfo

if TYPE_CHECKING:
    from govclean.decoding.decode import DecodeError
    from govclean.pipeline import STEPS

__all__ = [
    "STEPS", "Change", "CleanConfig", "CleanResult", "DecodeError", "EncodingInfo", "ScriptInfo",
    "__version__", "clean_bytes", "clean_text",
]


def __getattr__(name: str) -> Any:
    # The pipeline and its tables cost most of a start: importing the package (for its config,
    # or the command's --help) does not load them until a name that needs them is asked for.
    if name == "STEPS":
        from govclean.pipeline import STEPS

        return STEPS
    if name == "DecodeError":
        from govclean.decoding.decode import DecodeError

        return DecodeError
    # importlib.metadata costs ~20 ms to import: a one-liner that never asks for the version
    # should not pay for it.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("govclean")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'govclean' has no attribute {name!r}")


def clean_text(text: str, config: CleanConfig | None = None) -> CleanResult:
    """Clean already-decoded text. Pure: no I/O, safe in worker processes."""
    from govclean.collector import collector_paused
    from govclean.pipeline import run

    with collector_paused():
        return run(text, config or CleanConfig())


def clean_bytes(data: bytes, config: CleanConfig | None = None) -> CleanResult:
    """Decode raw bytes in any supported encoding, then clean them.

    Raises :class:`DecodeError` for binary input, an unknown ``config.encoding`` or, with
    ``config.strict``, undecodable bytes.
    """
    from govclean.characters.normalize import split_lines
    from govclean.collector import collector_paused
    from govclean.decoding.decode import decode_bytes
    from govclean.pipeline import run_split

    config = config or CleanConfig()
    with collector_paused():
        decoded = decode_bytes(data, config.encoding, config.strict)
        # Neither the bytes nor the decoded text are kept past this point (a caller that hands
        # over its only reference frees them): a large file is held once, as its lines.
        del data
        split = split_lines(decoded.chunks)
        encoding, warnings, changes = decoded.encoding, decoded.warnings, decoded.changes
        verbatim = decoded.verbatim
        del decoded
        return run_split(split, config, encoding, warnings, decode_changes=changes, verbatim=verbatim)
