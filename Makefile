# The two commands a newcomer needs: `make demo` and `make test`. Both create .venv when it is
# missing and install the package with its dev extra.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SEED := seeds/000_79a294fec3fc9865.txt

.PHONY: install demo test lint typecheck bench score fuzz clean

$(BIN)/python:
	@echo 'creating $(VENV)' >&2
	@$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml Makefile | $(BIN)/python
	@echo 'installing govclean and its dev tools into $(VENV)' >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,dask]' >&2
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@$(BIN)/govclean $(SEED)

test: $(STAMP)
	$(BIN)/ruff check govclean tests bench tools
	$(BIN)/mypy govclean
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check govclean tests bench tools
	$(BIN)/ruff format --check govclean tests

typecheck: $(STAMP)
	$(BIN)/mypy govclean

bench: $(STAMP)
	$(BIN)/python -m bench

# Line-role quality on the shared corpus beside the clone (skipped when it is absent): the
# annotated cases, the gold pages and their two by-site halves, perturbed cases for two seeds.
SHARED ?= ../shared
score: $(STAMP)
	@$(BIN)/python tools/score_sets.py --shared $(SHARED) --cmd $(BIN)/govclean

# Coverage-guided fuzzing of clean_bytes; inputs that crash land in tests/fuzz_regressions/, which
# the test suite replays.
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,fuzz]'
	mkdir -p .fuzz-corpus
	$(BIN)/python -m fuzz.fuzz_clean_bytes -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 \
		-max_len=65536 -artifact_prefix=tests/fuzz_regressions/ .fuzz-corpus seeds tests/fuzz_regressions

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis .fuzz-corpus
