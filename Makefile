# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install system-deps lint test-unit test-system test-reliability \
	test-web test-browser test-production test-flaky screenshots bench clean

run: install  ## Set up and run the shop on its embedded default (SQLite in ./data)
	$(BIN)/pizza serve

test: install system-deps lint  ## Set up, start PostgreSQL, run every test layer
	$(BIN)/pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable ".[test,postgres]"
	touch $@

system-deps:  ## PostgreSQL server binaries and Chromium, from Debian's packages
	scripts/install-system-deps

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test-unit: install
	$(BIN)/pytest tests/unit

test-system: install system-deps
	$(BIN)/pytest tests/system

test-reliability: install system-deps
	$(BIN)/pytest tests/reliability

test-web: install
	$(BIN)/pytest tests/web

test-browser: install system-deps
	$(BIN)/pytest tests/browser

test-production: install system-deps
	$(BIN)/pytest tests/production

test-flaky: install system-deps  ## The whole suite 20 times on a busy machine (RUNS=, LOAD=)
	scripts/test-flaky

screenshots: install system-deps  ## Remake the README's screenshots
	PIZZA_SCREENSHOTS=readme $(BIN)/pytest tests/browser

bench: install system-deps  ## Every performance figure against its baseline; see docs/benchmarks.md
	scripts/with-postgres --durable $(BIN)/pizza bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
