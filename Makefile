# The two commands a new machine needs: `make serve` and `make test`.
# Both create the virtual environment in .venv on first use (and again when pyproject.toml changes).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test lint install clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

serve: $(VENV)/.installed
	$(BIN)/alliance-graph serve

lint: $(VENV)/.installed
	$(BIN)/ruff check graph schema tests
	$(BIN)/ruff format --check graph schema tests
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
