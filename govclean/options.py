"""Command-line options shared by the ``govclean`` command and the Dask recipe (``govclean.scale``).

Each is a click decorator, so both commands spell, default and explain an option the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from govclean.config import SCRIPT_MODES

F = TypeVar("F", bound=Callable[..., Any])

#: ``--script``: which script the documents are written in.
script_option = click.option(
    "--script",
    type=click.Choice(SCRIPT_MODES),
    default="auto",
    show_default=True,
    help="Script of the input: 'auto' decides per document; 'off' repairs no characters.",
)

#: ``--strict-decoding``: the decoding half of the older ``--strict``.
strict_decoding_option = click.option(
    "--strict-decoding",
    is_flag=True,
    help="Fail a file that has undecodable bytes instead of replacing them with U+FFFD.",
)


def stop_on_bad_record_option(*names: str, scope: str = "") -> Callable[[F], F]:
    """``--stop-on-bad-record`` (and any older ``names`` for it): stop at the first line of a JSON
    Lines input that is not a usable record; ``scope`` ends its help (`` (with --jsonl)``)."""
    return click.option(
        "--stop-on-bad-record",
        *names,
        "stop_on_bad_record",
        is_flag=True,
        help="Stop at the first line that is not a usable record and exit 123, instead of "
        f"skipping it with a warning{scope}.",
    )


def record_options(scope: str) -> Callable[[F], F]:
    """``--text-key``, ``--id-key`` and ``--field-prefix``, how a JSON Lines record is read and
    written; ``scope`` ends their help (`` (with --jsonl)``)."""
    options = (
        click.option("--text-key", default="text", show_default=True, help=f"The field to clean{scope}."),
        click.option(
            "--id-key",
            default="id",
            show_default=True,
            help=f"The field naming a record in messages, '' for none{scope}.",
        ),
        click.option(
            "--field-prefix",
            default="govclean_",
            show_default=True,
            help=f"Prefix of the fields govclean adds to each record{scope}.",
        ),
    )

    def decorate(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate
