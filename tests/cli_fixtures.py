"""Inputs shared by the command-line and batch tests: the seed and a short article of our own."""

from __future__ import annotations

from govclean import clean_text

from .conftest import ROOT, SEEDS

SEED = SEEDS / "000_79a294fec3fc9865.txt"
EXPECTED = (ROOT / "tests" / "seed_expected" / "expected.txt").read_text(encoding="utf-8")
EXPECTED_APPENDED = (ROOT / "tests" / "seed_expected" / "expected-appended.txt").read_text(encoding="utf-8")

ARTICLE = (
    "社区服务中心启用\n\n"
    "　　本月初，位于城东的社区服务中心正式启用，为周边居民提供养老、托育和文化活动等服务。\n"
    "　　中心负责人介绍，服务中心设有日间照料室、儿童活动区和图书阅览室，每天开放十二个小时。\n"
    "　　下一步，街道将根据居民意见继续调整服务项目，让公共服务更加贴近群众的实际需要。\n"
)
#: The article as govclean writes it: a file that is already clean and must stay unchanged.
CLEAN = clean_text(ARTICLE).text
