# Two entry points for a fresh machine with Python 3.11+ and make:
#   make demo   set up, load the demo ledger and open it in the UI
#   make test   set up and run the whole test suite: on SQLite, then on PostgreSQL
#               (skipped with the reason when no server answers; tests/backends.py)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/recount --db demo.db demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2
	RECOUNT_TEST_BACKEND=postgresql $(BIN)/python -m pytest -n 2

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm
