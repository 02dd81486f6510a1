# `make demo` and `make test` set themselves up on a fresh machine (venv + pip, and the
# Debian chromium package for the browser tests when running as root with apt).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast bench system-deps compiler clean

# A C compiler builds the e5 token-state helper of the Romanian tagger (setup.py); without
# one the install goes on and that tagger is left out.
compiler:
	@command -v cc >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc >/dev/null; \
	  else echo "no C compiler: the Romanian tagger will be left out"; fi; }

$(STAMP): pyproject.toml setup.py | compiler
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,train]"
	touch $(STAMP)

# The UI test drives a real browser (Debian's chromium, never a downloaded build) and the
# store tests run against a throwaway PostgreSQL server (Debian's postgresql binaries).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "not installed:$$missing (their tests will be skipped)"; fi; \
	fi

demo: $(STAMP)
	rm -f out/demo.db out/demo.db-wal out/demo.db-shm
	mkdir -p out
	$(BIN)/newsweave run samples/corpus/articles.jsonl samples/corpus/extra --db out/demo.db
	$(BIN)/newsweave events --db out/demo.db
	$(BIN)/newsweave report --db out/demo.db --out out/
	@echo "open out/report.html, or browse: $(BIN)/newsweave serve --db out/demo.db  (http://127.0.0.1:8000)"

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/claims.py
	$(BIN)/python bench/aliases.py
	$(BIN)/python bench/ner.py
	$(BIN)/python bench/speed.py

clean:
	rm -rf out .pytest_cache test-artifacts
