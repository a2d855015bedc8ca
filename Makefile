# make run  — venv, install, compile catalogs, migrate, demo data (once), then the web
#             server on :8000 and the job worker beside it (honcho, Procfile)
# make test — install test deps (incl. Debian's postgresql, chromium and npm; axe-core from
#             tests/browser/package-lock.json), run the suite
#             on SQLite and on a throwaway PostgreSQL started by the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 2
export FLASK_APP := exchange

.PHONY: run test lint install translations migrate demo-data serve system-test-packages browser-test-packages messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

translations: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d exchange/translations

migrate: translations
	$(BIN)/flask db upgrade

demo-data: migrate
	$(BIN)/flask demo-data --if-empty
	$(BIN)/flask search-index check >/dev/null 2>&1 || $(BIN)/flask search-index rebuild

serve:
	PATH="$(abspath $(BIN)):$$PATH" EXCHANGE_BIND=$(HOST):$(PORT) WEB_WORKERS=$(WORKERS) \
		BASE_URL="$${BASE_URL:-http://$(HOST):$(PORT)}" \
		$(BIN)/honcho --no-prefix -f Procfile start

run: demo-data serve

system-test-packages:
	scripts/ensure-test-system-packages.sh

# Test-only JavaScript (axe-core), pinned by the lockfile; never served by the app.
tests/browser/node_modules/.package-lock.json: tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

browser-test-packages: system-test-packages tests/browser/node_modules/.package-lock.json

lint: $(VENV)/.installed-test
	$(BIN)/ruff check exchange search_index ledger tests migrations bench
	$(BIN)/lint-imports --config setup.cfg --no-logo --no-cache

# Test processes (pytest-xdist); each starts its own throwaway servers.
TEST_WORKERS ?= 2

test: $(VENV)/.installed-test system-test-packages browser-test-packages translations lint
	$(BIN)/pytest -n $(TEST_WORKERS)

# Re-extract UI strings and merge them into the catalogs (then translate the new entries).
messages: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -o exchange/translations/messages.pot .
	$(BIN)/pybabel -q update -i exchange/translations/messages.pot -d exchange/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis tests/browser/node_modules
