"""govclean: clean raw text scraped from Chinese sites into faithful UTF-8 articles.

>>> result = clean_text("国务院办公厅关于加强政务公开工作的通知\\n"
...                     "下载到本地 , 更方便阅读\\n"
...                     "各省人民政府：为推动政务公开工作向纵深发展，现就有关事项通知如下。\\n")
>>> print(result.text, end="")
国务院办公厅关于加强政务公开工作的通知
<BLANKLINE>
各省人民政府：为推动政务公开工作向纵深发展，现就有关事项通知如下。
>>> [(line.role, line.rule) for line in result.removed]
[('chrome', 'journal_share.download_prompt')]
"""

from __future__ import annotations

import gc

# Importing makes many objects and no garbage cycles; the cyclic collector would walk them over
# and over while they are made (typing's import above all). It is paused while the package's
# front door loads and put back as the importer had it (govclean.cli does the same for the rest
# of the command).
_collecting_before_import = gc.isenabled()
gc.disable()

from typing import TYPE_CHECKING, Any

from govclean.config import CleanConfig
from govclean.model import Change, CleanResult, EncodingInfo, ScriptInfo

if _collecting_before_import:
    gc.enable()
del _collecting_before_import

if TYPE_CHECKING:
    from govclean.decoding.decode import DecodeError
    from govclean.pipeline import STEPS

__all__ = [
    "STEPS",
    "Change",
    "CleanConfig",
    "CleanResult",
    "DecodeError",
    "EncodingInfo",
    "ScriptInfo",
    "__version__",
    "clean_bytes",
    "clean_text",
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
    """Clean already-decoded text. Pure: no I/O, safe in worker processes.

    The same pipeline as :func:`clean_bytes` from its ``decode`` step on: a text gives the same
    result as its UTF-8 bytes.
    """
    from govclean.collector import collector_paused

    with collector_paused():
        from govclean.pipeline import run  # the first import too: it creates no garbage cycles

        return run(text, config or CleanConfig())


def clean_bytes(data: bytes, config: CleanConfig | None = None) -> CleanResult:
    """Decode raw bytes in any supported encoding, then clean them.

    Raises :class:`DecodeError` for binary input, an unknown ``config.encoding`` or, with
    ``config.strict``, undecodable bytes.
    """
    from govclean.collector import collector_paused

    # The bytes are handed over, not held here: a caller that gives its only reference has them
    # freed as soon as they are decoded, and a large file is held once, as its lines.
    handed_over = [data]
    del data
    with collector_paused():
        from govclean.pipeline import run  # the first import too: it creates no garbage cycles

        return run(handed_over.pop(), config or CleanConfig())
