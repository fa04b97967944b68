"""``--jsonl`` round trip over the shared corpus: every record out, same order, text as in text mode.

Skipped when the shared corpus is not beside the clone.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.corpus import corpus_documents
from govclean import DecodeError
from govclean.cli import cli
from govclean.decoding.decode import decode_bytes

from .conftest import corpus_path

RoundTrip = tuple[list[dict[str, str]], list[dict[str, object]]]


def corpus_records() -> list[dict[str, str]]:
    """One JSON Lines record per corpus document that decodes to text, as a corpus builder stores it."""
    corpus_path()
    records = []
    for doc in corpus_documents():
        try:
            records.append({"id": doc.name, "text": decode_bytes(doc.data).text})
        except DecodeError:
            continue  # binary input: there is no text to store in a record
    return records


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> RoundTrip:
    """The corpus records, and what `govclean --jsonl` makes of them from a gzip shard and a plain one."""
    records = corpus_records()
    folder = tmp_path_factory.mktemp("corpus-jsonl")
    half = len(records) // 2
    lines = [json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n" for record in records]
    (folder / "part-0.jsonl.gz").write_bytes(gzip.compress(b"".join(lines[:half])))
    (folder / "part-1.jsonl").write_bytes(b"".join(lines[half:]))
    result = CliRunner().invoke(cli, ["--jsonl", "--strict", str(folder)])
    assert (result.exit_code, result.stderr) == (0, "")
    return records, [json.loads(line) for line in result.stdout_bytes.splitlines()]


def test_every_record_comes_out_in_order(round_trip: RoundTrip) -> None:
    """The output has one record per input record, in the same order."""
    records, cleaned = round_trip
    assert len(records) > 200
    assert [r["id"] for r in cleaned] == [r["id"] for r in records]


def test_record_text_equals_text_mode_output(round_trip: RoundTrip) -> None:
    """Each record's clean text is byte for byte what `govclean` writes for the same document."""
    records, cleaned = round_trip
    runner = CliRunner()
    differing = []
    for record, out in zip(records, cleaned, strict=True):
        result = runner.invoke(cli, ["-"], input=record["text"].encode("utf-8"))
        if result.exit_code != 0 or result.stdout_bytes.decode("utf-8") != out["text"]:
            differing.append(record["id"])
    assert differing == []


def test_appended_and_metadata_match_text_mode(round_trip: RoundTrip, tmp_path: Path) -> None:
    """The appended items and metadata of a record are those of the text-mode report of the document."""
    records, cleaned = round_trip
    runner = CliRunner()
    for record, out in list(zip(records, cleaned, strict=True))[::10]:
        report = tmp_path / "report.jsonl"
        runner.invoke(
            cli,
            ["-", "-o", str(tmp_path / "out.txt"), "--report", str(report)],
            input=record["text"].encode("utf-8"),
        )
        expected = json.loads(report.read_text(encoding="utf-8"))
        assert out["govclean_appended"] == expected["appended"]
        assert out["govclean_metadata"] == expected["metadata"]


def test_real_ccnet_file_keeps_every_field_and_record() -> None:
    """A real CCNet-style file cleaned under --text-key raw_content keeps each record's other fields."""
    source = corpus_path("web", "chinesewebtext_cc2021-43_cleared1.jsonl")
    originals = [json.loads(line) for line in source.read_bytes().splitlines()]
    result = CliRunner().invoke(
        cli, ["--jsonl", "--strict", "--text-key", "raw_content", "--id-key", "url", str(source)]
    )
    cleaned = [json.loads(line) for line in result.stdout_bytes.splitlines()]
    assert result.exit_code == 0
    assert len(cleaned) == len(originals) == 100
    for original, record in zip(originals, cleaned, strict=True):
        assert {k: v for k, v in record.items() if not k.startswith("govclean_") and k != "raw_content"} == {
            k: v for k, v in original.items() if k != "raw_content"
        }
