"""The build backend: setuptools' own, plus mypyc when ``GOVCLEAN_COMPILE=1`` asks for the compiled build.

The compiled build is opt-in, the way black ships mypyc-compiled wheels beside its pure-Python one:
the same typed source, the hot modules listed in ``compiled_modules.txt`` compiled to C extensions.
Without the variable nothing changes: a pure-Python wheel that needs no compiler. With it, mypy
(which carries mypyc) becomes a build requirement of that build only.
"""

from __future__ import annotations

import os
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the hooks this backend does not change)

#: The mypy release whose mypyc the compiled build was measured and tested with.
MYPYC_REQUIREMENT = "mypy==2.4.1"


#: Set while setuptools runs setup.py only to ask for requirements: mypyc is not installed yet.
_ASKING = "GOVCLEAN_BUILD_ASKING_REQUIREMENTS"


def compiling() -> bool:
    """The compiled build was asked for, and this is not the requirements question before it."""
    return os.environ.get("GOVCLEAN_COMPILE", "") not in ("", "0") and _ASKING not in os.environ


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    wanted = compiling()
    os.environ[_ASKING] = "1"
    try:
        requires = list(_setuptools.get_requires_for_build_wheel(config_settings))
    finally:
        del os.environ[_ASKING]
    return [*requires, MYPYC_REQUIREMENT] if wanted else requires
