"""The documented import path of the JSON Lines cleaner; it lives in :mod:`govclean.io.jsonl`."""

from govclean.io.jsonl import JsonlOptions, clean_line, clean_record, run_jsonl

__all__ = ["JsonlOptions", "clean_line", "clean_record", "run_jsonl"]
