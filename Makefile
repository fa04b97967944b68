# The two commands a newcomer needs: `make demo` and `make test`. Both create .venv when it is
# missing and install the package with its dev extra.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SEED := seeds/000_79a294fec3fc9865.txt

.PHONY: install demo test lint typecheck bench score fuzz clean compiled test-compiled

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

LINTED := govclean tests bench tools fuzz build_backend setup.py

test: lint typecheck
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: $(STAMP)
	$(BIN)/mypy govclean bench tools fuzz build_backend setup.py

# The compiled build (README, "Compiled build"): the modules of build_backend/compiled_modules.txt
# compiled by mypyc, installed with the dev extra into a venv of its own, so the editable .venv
# keeps running the source being edited. Rebuilt when a source changes.
COMPILED_VENV ?= .venv-compiled
COMPILED_STAMP := $(COMPILED_VENV)/.installed-stamp
BUILD_INPUTS := $(shell find govclean -name '*.py') build_backend/compiled_modules.txt \
	build_backend/govclean_build.py setup.py pyproject.toml

$(COMPILED_STAMP): $(BUILD_INPUTS)
	@echo 'compiling govclean into $(COMPILED_VENV)' >&2
	@test -x $(COMPILED_VENV)/bin/python || $(PYTHON) -m venv $(COMPILED_VENV)
	@$(COMPILED_VENV)/bin/python -m pip uninstall --quiet --yes govclean >/dev/null 2>&1 || true
	@GOVCLEAN_COMPILE=1 $(COMPILED_VENV)/bin/python -m pip install --quiet --disable-pip-version-check '.[dev]' >&2
	@$(COMPILED_VENV)/bin/python -P tools/compiled_check.py --installed >&2
	@touch $(COMPILED_STAMP)

compiled: $(COMPILED_STAMP)

# The test suite and the full-result record against the compiled build: both builds must agree.
test-compiled: $(COMPILED_STAMP) $(STAMP)
	cd tests && ../$(COMPILED_VENV)/bin/python -m pytest -q -p no:cacheprovider --rootdir=.. -c ../pyproject.toml
	$(BIN)/python -P tools/compiled_check.py --same-results $(COMPILED_VENV)/bin/python

# With a C compiler the compiled build is built too and timed beside the pure one.
bench: $(STAMP)
	@if command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; then $(MAKE) --no-print-directory compiled; fi
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
	rm -rf $(VENV) $(COMPILED_VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis .fuzz-corpus
