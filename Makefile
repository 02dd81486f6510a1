# `make demo` and `make test` set themselves up on a fresh machine (venv + pip).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	rm -f out/demo.db out/demo.db-wal out/demo.db-shm
	mkdir -p out
	$(BIN)/newsweave run samples/corpus/articles.jsonl samples/corpus/extra --db out/demo.db
	$(BIN)/newsweave events --db out/demo.db
	$(BIN)/newsweave report --db out/demo.db --out out/
	@echo "open out/report.html, or run: $(BIN)/newsweave serve --db out/demo.db"

test: $(STAMP)
	$(BIN)/python -m pytest -q -m "slow or not slow"

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/speed.py

clean:
	rm -rf out .pytest_cache
