# `make generate` and `make test` work on a fresh clone: each creates .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: generate test quick lint bench conformance check clean

$(BIN)/docmodels: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

generate: $(BIN)/docmodels
	$(BIN)/docmodels generate

check: $(BIN)/docmodels
	$(BIN)/docmodels generate --check --diff

# The generator's own source is held to the bar of the code it writes; the runtime modules
# are emitted verbatim into generated packages, so they are held to those packages' 88 columns.
lint: $(BIN)/docmodels
	$(BIN)/python -m mypy generator
	$(BIN)/python -m ruff check generator
	$(BIN)/python -m ruff format --check generator
	$(BIN)/python -m black --check --quiet generator
	$(BIN)/python -m black --check --quiet --line-length 88 generator/runtime/*.py
	$(BIN)/python -m ruff format --check --quiet --line-length 88 generator/runtime/*.py

# The whole suite (CI runs this).
test: lint
	$(BIN)/python -m pytest -q

# The fast tier, for development: every area, the slow corpora and tool runs left out (~1 min).
quick: $(BIN)/docmodels
	$(BIN)/python -m pytest -q -m "not slow" -n 2

conformance: $(BIN)/docmodels
	$(BIN)/python tests/conformance_table.py

bench: $(BIN)/docmodels
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
