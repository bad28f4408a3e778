# The two commands a fresh machine needs (see README):
#   make run   installs jtwg and starts the app on the demo data
#   make test  installs jtwg, its test tools and system packages, and runs the whole test suite

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export JTWG_DB ?= data/jtwg.duckdb

.PHONY: run test install install-test system-deps screenshots bench clean

run: install
	$(BIN)/jtwg init --demo --if-missing
	$(BIN)/jtwg users first-run
	$(BIN)/streamlit run server.py

test: install-test system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"

# Debian packages the tests use: Chromium for the browser tests, LibreOffice and poppler to render Word output.
system-deps:
	./scripts/install-system-deps.sh

screenshots: install-test system-deps
	$(BIN)/python scripts/screenshots.py --out artifacts/screenshots

bench: install-test system-deps
	$(BIN)/python -m bench --all

clean:
	rm -rf $(VENV) artifacts .pytest_cache
