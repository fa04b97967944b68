"""The public values (config, result, document, records) are immutable values like the frozen
dataclasses they replace: compared, hashed and shown by their fields, copied with ``replace``,
pickled between processes."""

from __future__ import annotations

import copy
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from govclean import Change, CleanConfig, CleanResult, EncodingInfo, ScriptInfo, clean_text
from govclean.config import ConfigError
from govclean.frozen import Frozen
from govclean.model import Document, Line

TEXT = "标题\n下载到本地 , 更方便阅读\n這是正文內容，現就有關事項通知如下。\n"


def _clean_in_worker(text: str, config: CleanConfig) -> CleanResult:
    return clean_text(text, config)


def _values() -> list[Frozen]:
    result = clean_text(TEXT, CleanConfig(script="simplified", protect=("內容",)))
    return [
        result,
        result.encoding,
        result.script,
        result.changes[0],
        result.lines[0],
        CleanConfig(script="simplified", protect=("內容",)),
        Document(raw=b"raw", metadata={"title": "标题"}),
    ]


@pytest.mark.parametrize("value", _values(), ids=lambda value: type(value).__name__)
def test_values_pickle_and_copy_to_equal_values(value: Frozen) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(value, protocol)) == value
    assert copy.copy(value) == value
    assert copy.deepcopy(value) == value


@pytest.mark.parametrize("value", _values(), ids=lambda value: type(value).__name__)
def test_values_refuse_assignment_and_deletion(value: Frozen) -> None:
    name = value._fields[0]
    with pytest.raises(AttributeError, match="immutable"):
        setattr(value, name, None)
    with pytest.raises(AttributeError, match="immutable"):
        delattr(value, name)


def test_replace_changes_the_fields_named_and_checks_like_init() -> None:
    config = CleanConfig()
    stricter = config.replace(strict=True, protect=("张三",))
    assert (stricter.strict, stricter.protect, stricter.script) == (True, ("张三",), "auto")
    assert config.strict is False
    assert stricter.replace(strict=False, protect=()) == config
    with pytest.raises(TypeError):
        config.replace(no_such_option=True)
    with pytest.raises(ConfigError):
        config.replace(script="klingon")
    encoding = EncodingInfo("gb18030", "detected", 0.9)
    assert encoding.replace(replacements=2) == EncodingInfo("gb18030", "detected", 0.9, 2)
    assert ScriptInfo().replace(decided_by="simplified").decided_by == "simplified"


def test_values_compare_and_hash_by_their_fields_and_class() -> None:
    change = Change("normalize_text", "normalize.bom", 0, "\ufeff", "")
    same = Change("normalize_text", "normalize.bom", 0, "\ufeff", "", column=None)
    assert change == same
    assert hash(change) == hash(same)
    assert change != change.replace(line=1)
    assert Line(1, "正文") != ("正文", 1)
    assert CleanConfig() == CleanConfig()
    assert len({CleanConfig(), CleanConfig(), CleanConfig(strict=True)}) == 2
    with pytest.raises(TypeError):  # a dict field, as with the frozen dataclass
        hash(Document())


def test_values_are_no_tuples_and_show_their_fields() -> None:
    line = Line(3, "正文", "body")
    assert repr(line) == "Line(number=3, text='正文', role='body', rule=None, drop=False)"
    assert repr(EncodingInfo()) == (
        "EncodingInfo(name='utf-8', method='utf-8', confidence=1.0, replacements=0, "
        "damage_ratio=0.0, mojibake=None)"
    )
    with pytest.raises(TypeError):
        iter(line)  # type: ignore[call-overload]


def test_documents_without_metadata_have_a_dict_each() -> None:
    assert Document().metadata is not Document().metadata


def test_config_and_result_cross_processes() -> None:
    """The worker pool and Dask ship configs to worker processes and results back."""
    config = CleanConfig(script="simplified", boilerplate=("下载到本地 , 更方便阅读",))
    with ProcessPoolExecutor(1) as pool:
        result = pool.submit(_clean_in_worker, TEXT, config).result()
    assert result == clean_text(TEXT, config)


def test_a_subclass_must_take_the_fields_of_its_slots() -> None:
    with pytest.raises(TypeError, match="fields of __slots__"):

        class Missing(Frozen):
            __slots__ = ("a", "b")

            def __init__(self, a: int) -> None:
                self._fill(a)
