"""The shared corpus re-encoded into every encoding that can hold it decodes back exactly;
every legacy-encoding file decodes to readable text or is refused or flagged with its reason.

Skipped when the shared corpus is not beside the clone.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from bench.encoding import WHOLE, Sample, govclean_text, samples
from govclean.decoding.decode import DecodeError, decode_bytes
from govclean.decoding.plausibility import plausibility
from govclean.pipeline import decoded as decoded_document

from .conftest import corpus_path


@cache
def _results() -> tuple[tuple[Sample, bool], ...]:
    return tuple((sample, govclean_text(sample.data) == sample.text) for sample in samples(corpus_path()))


def _accuracy(size: str) -> tuple[int, int]:
    judged = [right for sample, right in _results() if sample.size == size]
    return sum(judged), len(judged)


def test_every_encoding_of_the_corpus_is_sampled() -> None:
    """The sample set covers each target encoding whole and as snippets (the test is not vacuous)."""
    kinds = Counter((sample.encoding, sample.size) for sample, _ in _results())
    for encoding in ("utf-8", "utf-8-bom", "gb18030", "gbk", "big5", "utf-16"):
        assert kinds[(encoding, WHOLE)] >= 5, encoding
        assert kinds[(encoding, "50")] >= 30, encoding


def test_whole_documents_decode_back_exactly() -> None:
    """Every document of 200 bytes or more, in every encoding that can hold it, decodes exactly."""
    wrong = [
        (s.name, s.encoding)
        for s, right in _results()
        if s.size == WHOLE and len(s.data) >= 200 and not right
    ]
    assert wrong == []


@pytest.mark.parametrize(("size", "minimum"), [("1000", 0.99), ("200", 0.99), ("50", 0.95)])
def test_snippets_decode_back(size: str, minimum: float) -> None:
    """Snippets decode exactly at least this often (measured: 99.7 %, 100 %, 99.8 %)."""
    right, total = _accuracy(size)
    assert right / total >= minimum, f"{right}/{total}"


READABLE = {
    "big5_coolloud_rss.xml": "big5hkscs",
    "big5_sinica_blog_atom.xml": "big5hkscs",
    "big5_upsaid_rss.xml": "big5hkscs",
    "big5_wikipedia_classical_snippet.txt": "big5hkscs",
    "gb18030_chromium_snippet.html": "gb18030",
    "gb2312_acnnewswire_rss.xml": "gb18030",
    "gb2312_bbs_blogsome_rss.xml": "gb18030",
    "gb2312_sohu_ad_snippet.html": "gb18030",
    "gbk_novel_translation_chapter.txt": "gb18030",
    "gbk_sogou_news_tensite_smarty.dat": "gb18030",
    "utf8_transcoded_sogou_sohusite_smarty_pua.dat": "utf-8",
}


@pytest.mark.parametrize(("name", "codec"), READABLE.items())
def test_legacy_file_decodes_to_readable_text(name: str, codec: str) -> None:
    """Each legacy file decodes with the codec it was written in, strictly, into Chinese text."""
    data = corpus_path("legacy-encoding", name).read_bytes()
    decoded = decode_bytes(data, strict=True)
    assert decoded.encoding.name == codec
    assert decoded.text == data.decode(codec)
    assert plausibility(decoded.text).score > 0.8
    assert decoded.warnings == ()


def test_gbk_as_latin1_mojibake_file_is_repaired() -> None:
    """The cp1252 mojibake novel comes back as the GBK text it was, every line a recorded change."""
    data = corpus_path("legacy-encoding", "mojibake_gbk_as_latin1_novel_zxcs8.txt").read_bytes()
    decoded = decoded_document(data)
    assert (decoded.encoding.method, decoded.encoding.mojibake) == ("repaired", "mojibake.gbk_as_cp1252")
    assert decoded.text.split("\n")[1] == "更多精校小说尽在知轩藏书下载：http://www.zxcs8.com/"
    assert "5～70€左右" in decoded.text
    assert plausibility(decoded.text).score > 0.9
    assert decoded.changes and decoded.warnings == ()


def test_replacement_character_file_is_flagged_not_fixed() -> None:
    """The file that is 75 % U+FFFD keeps its text and is flagged with its damage ratio."""
    data = corpus_path("legacy-encoding", "corrupted_gbk_as_utf8_replacement_chars.txt").read_bytes()
    decoded = decode_bytes(data)
    assert decoded.text == data.decode("utf-8")
    assert decoded.encoding.replacements == 4396
    assert decoded.encoding.damage_ratio == pytest.approx(0.7485, abs=1e-4)
    assert any("mostly damaged" in w and "74.9%" in w for w in decoded.warnings)
    assert decoded.changes == ()


def test_euc_tw_file_is_refused_naming_the_option() -> None:
    """EUC-TW has no Python codec: a clear error that names it and --encoding, not garbage."""
    data = corpus_path("legacy-encoding", "euctw_wikipedia_classical_snippet.txt").read_bytes()
    with pytest.raises(DecodeError, match=r"EUC-TW.*--encoding"):
        decode_bytes(data)
