# `make` sets up .venv and builds out/ from source/; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOWEST := .venv-lowest
# Every install takes its versions from constraints.txt, so CI and laptops resolve alike.
PIP := $(BIN)/python -m pip install --quiet --constraint constraints.txt
APT_PACKAGES := fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji libharfbuzz-subset0
TEST_APT_PACKAGES := libreoffice-calc-nogui qpdf

.PHONY: all build test test-lowest lint typecheck unit bench lock system-deps test-deps clean

all: build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# pip compiles the bytecode of what it installs, but not of an editable package: compile it
# here, or a machine with PYTHONDONTWRITEBYTECODE set compiles jobarch on every run.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e .
	$(BIN)/python -m compileall -q exporter > /dev/null
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e '.[test]'
	$(BIN)/python -m compileall -q exporter > /dev/null
	touch $@ $(VENV)/.installed

# Installs the Debian packages $(1) that are missing, when running as root; otherwise a
# warning names them and what they are for ($(2)).
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
	  grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing $$missing"; \
	    apt-get install -y -q $$missing >/dev/null 2>&1 || \
	      { apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null; }; \
	  else \
	    echo "warning: install these Debian packages $(2): $$missing" >&2; \
	  fi; \
	fi
endef

# Debian packages the PDF writer wants beyond a fresh machine's Pango and DejaVu: fonts for
# CJK, Indic and other scripts and for emoji (a glyph no font has would be printed as its
# code point), and HarfBuzz's subsetter, which WeasyPrint prefers for embedding fonts.
system-deps:
	$(call apt_install,$(APT_PACKAGES),for complete PDFs)

# Debian packages the tests need besides: LibreOffice, which prints workbooks to check that
# no cell's text is cut off (tests/test_xlsx_visible.py), and qpdf, which checks every PDF's
# structure (tests/test_archival.py). Without them those tests fail, naming the tool.
test-deps:
	$(call apt_install,$(TEST_APT_PACKAGES),for the tests)

build: $(VENV)/.installed system-deps
	$(BIN)/jobarch build source --out out

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

# One test process per CPU.
unit: $(VENV)/.installed-test system-deps test-deps
	$(BIN)/pytest -q -n auto

test: lint typecheck unit

# The oldest versions pyproject.toml allows must pass the tests too: a fresh venv with the
# lowest version of every direct dependency (uv's lowest-direct resolution).
test-lowest: $(VENV)/.installed-test system-deps test-deps
	rm -rf $(LOWEST)
	$(BIN)/uv venv --quiet --python $(BIN)/python $(LOWEST)
	$(BIN)/uv pip install --quiet --python $(LOWEST)/bin/python --resolution lowest-direct -e '.[test]'
	$(LOWEST)/bin/pytest -q -n auto -p no:cacheprovider

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv

# Pin every dependency, for Python 3.11 on any platform, at the newest versions allowed.
lock: $(BIN)/uv
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --extra test \
	  --output-file constraints.txt pyproject.toml

bench: $(VENV)/.installed-test system-deps
	$(BIN)/python benchmarks/pathological.py
	$(BIN)/python benchmarks/stress.py
	$(BIN)/python benchmarks/noop_rebuild.py
	$(BIN)/python benchmarks/handbook.py
	$(BIN)/python benchmarks/versus_pandoc.py

clean:
	rm -rf out $(LOWEST) .mypy_cache .ruff_cache .pytest_cache

# `make preview`: every output of `make` as PNG pages under out/preview/<slug>/ (pdf-1.png,
# docx-1.png, xlsx-1.png, ...), to review without an office suite. LibreOffice headless
# prints the DOCX and the XLSX; poppler's pdftoppm turns PDF pages into images. Both are
# installed like system-deps' packages when missing.
PREVIEW := out/preview
PREVIEW_APT_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
PREVIEW_DPI := 80
# A LibreOffice profile of its own, so a running office or its lock cannot get in the way.
SOFFICE := soffice -env:UserInstallation=file://$(abspath $(PREVIEW))/.office/profile \
  --headless --invisible --norestore --nolockcheck --nodefault --nologo

.PHONY: preview preview-deps

preview-deps:
	$(call apt_install,$(PREVIEW_APT_PACKAGES),for make preview)

preview: build preview-deps
	@for tool in soffice pdftoppm; do command -v $$tool >/dev/null || \
	  { echo "make preview: $$tool is missing (Debian: $(PREVIEW_APT_PACKAGES))" >&2; exit 1; }; done
	@rm -rf $(PREVIEW) && mkdir -p $(PREVIEW)/.office
	@for kind in docx xlsx; do \
	  $(SOFFICE) --convert-to pdf --outdir $(PREVIEW)/.office/$$kind out/*.$$kind >/dev/null 2>&1; \
	  for file in out/*.$$kind; do [ -f $(PREVIEW)/.office/$$kind/$$(basename $$file .$$kind).pdf ] || \
	    { echo "make preview: LibreOffice did not print $$file" >&2; exit 1; }; done; \
	done
	@for kind in pdf docx xlsx; do \
	  for file in $$( [ $$kind = pdf ] && ls out/*.pdf || ls $(PREVIEW)/.office/$$kind/*.pdf ); do \
	    slug=$$(basename $$file .pdf); mkdir -p $(PREVIEW)/$$slug; \
	    pdftoppm -png -r $(PREVIEW_DPI) $$file $(PREVIEW)/$$slug/$$kind || exit 1; \
	  done; \
	done
	@rm -rf $(PREVIEW)/.office
	@echo "wrote $$(ls $(PREVIEW)/*/*.png | wc -l) page images under $(PREVIEW)/"
