# `make` sets up .venv and builds out/ from source/; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := fonts-noto-cjk fonts-noto-color-emoji

.PHONY: all build test lint typecheck unit bench system-deps clean

all: build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# Fonts the PDF needs beyond Latin (CJK text, emoji such as ✅); installed when missing and root.
system-deps:
	@if ! fc-list :lang=zh | grep -q . || ! fc-list ':charset=2705' | grep -q .; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -q $(APT_PACKAGES) >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null && apt-get install -y -q $(APT_PACKAGES) >/dev/null)); \
	  else \
	    echo "warning: CJK or emoji fonts missing; install $(APT_PACKAGES) so such text renders in PDFs" >&2; \
	  fi; \
	fi

build: $(VENV)/.installed system-deps
	$(BIN)/jobarch build source --out out

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

unit: $(VENV)/.installed-test system-deps
	$(BIN)/pytest -q -m "not bench"

test: lint typecheck unit

bench: $(VENV)/.installed-test system-deps
	$(BIN)/python benchmarks/pathological.py

clean:
	rm -rf out .mypy_cache .ruff_cache .pytest_cache
