# `make` sets up .venv and builds out/ from source/; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := fonts-noto-cjk

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

# Fonts the PDF needs for text beyond Latin (the CJK corpus file); installed when missing and root.
system-deps:
	@if ! fc-list :lang=zh | grep -q .; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -q $(APT_PACKAGES) >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null && apt-get install -y -q $(APT_PACKAGES) >/dev/null)); \
	  else \
	    echo "warning: no CJK font found; install $(APT_PACKAGES) so Chinese text renders in PDFs" >&2; \
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
	$(BIN)/pytest -q -m bench -p no:randomly benchmarks

clean:
	rm -rf out .mypy_cache .ruff_cache .pytest_cache
