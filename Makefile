# `make` sets up .venv and builds out/ from source/; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji libharfbuzz-subset0
TEST_APT_PACKAGES := libreoffice-calc-nogui

.PHONY: all build test lint typecheck unit bench system-deps test-deps clean

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

# Debian packages the PDF writer wants beyond a fresh machine's Pango and DejaVu: fonts for
# CJK, Indic and other scripts and for emoji (a glyph no font has would be printed as its
# code point), and HarfBuzz's subsetter, which WeasyPrint prefers for embedding fonts.
# Installed when missing and running as root; otherwise named in a warning.
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
	  grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing $$missing"; \
	    apt-get install -y -q $$missing >/dev/null 2>&1 || \
	      { apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null; }; \
	  else \
	    echo "warning: install these Debian packages for complete PDFs: $$missing" >&2; \
	  fi; \
	fi

# Debian packages the tests need besides: LibreOffice, which prints workbooks to check that
# no cell's text is cut off (tests/test_xlsx_visible.py). Installed like system-deps' ones;
# without them that test fails, naming what to install.
test-deps:
	@missing=$$(for p in $(TEST_APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
	  grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing $$missing"; \
	    apt-get install -y -q $$missing >/dev/null 2>&1 || \
	      { apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null; }; \
	  else \
	    echo "warning: install these Debian packages for the tests: $$missing" >&2; \
	  fi; \
	fi

build: $(VENV)/.installed system-deps
	$(BIN)/jobarch build source --out out

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

unit: $(VENV)/.installed-test system-deps test-deps
	$(BIN)/pytest -q

test: lint typecheck unit

bench: $(VENV)/.installed-test system-deps
	$(BIN)/python benchmarks/pathological.py

clean:
	rm -rf out .mypy_cache .ruff_cache .pytest_cache
