# The two commands a newcomer needs: `make demo` and `make test`. Both create .venv when it is
# missing and install the package with its dev extra.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SEED := seeds/000_79a294fec3fc9865.txt

.PHONY: install demo test lint typecheck bench clean

$(BIN)/python:
	@echo 'creating $(VENV)' >&2
	@$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	@echo 'installing govclean and its dev tools into $(VENV)' >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' >&2
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@$(BIN)/govclean $(SEED)

test: $(STAMP)
	$(BIN)/ruff check govclean tests bench
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check govclean tests bench
	$(BIN)/ruff format --check govclean tests

typecheck: $(STAMP)
	$(BIN)/mypy govclean

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
