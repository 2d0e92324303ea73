# `make generate` and `make test` work on a fresh clone: each creates .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: generate test bench conformance check clean

$(BIN)/docmodels: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

generate: $(BIN)/docmodels
	$(BIN)/docmodels generate

check: $(BIN)/docmodels
	$(BIN)/docmodels generate --check --diff

test: $(BIN)/docmodels
	$(BIN)/python -m pytest -q

conformance: $(BIN)/docmodels
	$(BIN)/python tests/conformance_table.py

bench: $(BIN)/docmodels
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
