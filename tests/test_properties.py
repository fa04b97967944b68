"""Properties of a clean over generated input (hypothesis; profiles in ``hypothesis_profiles``).

Never raises on arbitrary bytes, on text in any supported encoding or on mutated corpus documents;
idempotent; invents no text; the report rebuilds the input.
"""

from __future__ import annotations

import random
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.corpus import CorpusDocument, corpus_documents
from fuzz.fuzz_clean_bytes import check
from govclean import CleanResult, DecodeError, clean_bytes, clean_text
from govclean.decoding.decode import decode_bytes

from . import hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from .conftest import corpus_path
from .provenance import assert_idempotent, assert_no_invented_text, assert_report_rebuilds_input

#: Lines a site puts around an article (SPEC §1), so generated documents exercise every role.
CHROME_LINES = (
    "论文部分内容阅读",
    "下载到本地 , 更方便阅读",
    "声明 : 本文档内容版权归属内容提供方，仅供学习",
    "来源 :宁波通讯·综合版 | 被引量 : 0次 | 上传用户:lhawk",
    "其他文献",
    "期刊",
    "请下载后查看,本文暂不支持在线获取查看简介",
    "(作者单位:鄞州区委政法委)",
    "责任编辑:张逸龙",
    "已阅读5页,还剩55页未读 继续免费阅读",
    "当前位置: 首页 >> 正文",
    "【打印本页】【关闭窗口】",
)
#: Characters that matter to the steps: hanzi (simplified, traditional strays, compatibility
#: ideographs, Kangxi radicals), punctuation both widths, whitespace, invisible and control ones.
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from("隊務國們說這會與為於乾覆後陽查査，。：；！？（）“”《》、:|｜丨()-•·"),
    st.sampled_from("\u3000 \t\r\u200b\ufeff\u2060\x01\x7f\x85\u2f00\u2f08\uf900\uf91d\u0301"),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00\n"),
)
LINE = st.one_of(st.text(ALPHABET, max_size=120), st.sampled_from(CHROME_LINES), st.just(""))
DOCUMENT = st.lists(LINE, max_size=40).map("\n".join)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5hkscs", "utf-16", "cp950")
#: Encodings that decode every text exactly, so the bytes must clean like the text itself.
LOSSLESS = ("utf-8", "utf-8-sig", "utf-16")
DOCUMENTS = corpus_documents()


def _clean_or_refuse(data: bytes) -> CleanResult | None:
    """Clean the bytes; None when they are refused (binary input), the one allowed failure."""
    try:
        return clean_bytes(data)
    except DecodeError:
        return None


def _assert_all_properties(result: CleanResult, source_text: str) -> None:
    assert_no_invented_text(result, source_text)
    assert_report_rebuilds_input(result, source_text)
    assert_idempotent(result)


@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    """On arbitrary bytes clean_bytes raises only DecodeError, and its output has the promised form."""
    check(data)
    result = _clean_or_refuse(data)
    if result is not None:
        assert_no_invented_text(result, decode_bytes(data).text)


@given(DOCUMENT, st.sampled_from(ENCODINGS))
def test_text_in_any_encoding_cleans(text: str, encoding: str) -> None:
    """Text in any supported encoding cleans without error; lossless encodings clean like the text."""
    data = text.encode(encoding, errors="replace")
    result = clean_bytes(data)
    _assert_all_properties(result, decode_bytes(data).text)
    if encoding in LOSSLESS:
        assert result.text == clean_text(text.removeprefix("\ufeff")).text


@given(DOCUMENT)
def test_idempotent_with_one_final_newline(text: str) -> None:
    """clean(clean(x)) == clean(x), and the text has no CR, no BOM and one final newline."""
    check(text.encode("utf-8"))
    assert_idempotent(clean_text(text))


@given(DOCUMENT)
def test_no_invented_text(text: str) -> None:
    """Every output line and appended item is an input line, up to stripping and recorded repairs."""
    assert_no_invented_text(clean_text(text), text)


@given(DOCUMENT)
def test_report_rebuilds_input(text: str) -> None:
    """The report's records rebuild every input line that holds text."""
    assert_report_rebuilds_input(clean_text(text), text)


def _mutate(data: bytes, rng: random.Random, mutation: str) -> bytes:
    if mutation == "truncate":
        return data[: rng.randrange(len(data) + 1)]
    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if mutation == "shuffle":
        rng.shuffle(lines)
    elif mutation == "inject chrome":
        for _ in range(rng.randrange(1, 8)):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(CHROME_LINES))
    elif mutation == "mix encodings":
        cut = rng.randrange(len(lines) + 1)
        head = "\n".join(lines[:cut]).encode("gb18030")
        return head + b"\n" + "\n".join(lines[cut:]).encode("utf-8")
    return "\n".join(lines).encode("utf-8")


@given(st.data(), st.sampled_from(("truncate", "shuffle", "inject chrome", "mix encodings")))
def test_mutated_corpus_documents(data: st.DataObject, mutation: str) -> None:
    """Corpus documents shuffled, with chrome injected, encodings mixed or truncated keep every property."""
    corpus_path()
    if not DOCUMENTS:
        pytest.skip("shared corpus has no documents")
    doc = data.draw(st.sampled_from(DOCUMENTS), label="document")
    rng = random.Random(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    mutated = _mutate(doc.data, rng, mutation)
    result = _clean_or_refuse(mutated)
    if result is not None:
        _assert_all_properties(result, decode_bytes(mutated).text)


#: Byte edits of a damaged file: a NUL written over a byte or put between two, a random byte
#: written over one, a byte lost.
EDITS = ("nul over", "nul between", "byte over", "byte lost")


@cache
def _readable_documents() -> list[CorpusDocument]:
    """The corpus documents govclean reads undamaged (not the EUC-TW sample it refuses)."""
    return [doc for doc in DOCUMENTS if _clean_or_refuse(doc.data) is not None]


@given(st.data())
def test_damaged_corpus_files_are_cleaned_never_refused(data: st.DataObject) -> None:
    """Random byte edits of corpus files, NULs included, are damaged text: cleaned without raising,
    every NUL removed from the output. DecodeError is for binary input only."""
    corpus_path()
    if not _readable_documents():
        pytest.skip("shared corpus has no documents")
    doc = data.draw(st.sampled_from(_readable_documents()), label="document")
    damaged = bytearray(doc.data)
    # Slight damage: about one byte in a hundred at most.
    for _ in range(data.draw(st.integers(1, max(1, len(damaged) // 100)), label="edits")):
        at = data.draw(st.integers(0, len(damaged) - 1), label="position")
        edit = data.draw(st.sampled_from(EDITS), label="edit")
        if edit == "nul over":
            damaged[at] = 0
        elif edit == "nul between":
            damaged.insert(at, 0)
        elif edit == "byte over":
            damaged[at] = data.draw(st.integers(1, 255), label="byte")
        elif len(damaged) > 1:
            del damaged[at]
    result = clean_bytes(bytes(damaged))
    assert "\x00" not in result.text
    assert not any("\x00" in item for item in result.appended)
