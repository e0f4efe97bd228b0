# Glimmers — the two commands in the README are `make run` and `make test`.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SUDO    = $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
CHROMIUM ?= $(or $(GLIMMERS_CHROMIUM),/usr/bin/chromium)
# `make run PORT=8123` serves on another port (not read from the environment).
PORT    = 8000
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: run test test-sqlite test-postgres lint format chromium nginx pdf-libs postgresql-client gettext translations bench reliability messages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Glimmers needs Python 3.11 or newer.")'
	$(PYTHON) -m venv $(VENV)

# Re-install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

## run: serve Glimmers at http://127.0.0.1:8000 on SQLite in your data folder
## (another port: make run PORT=8123)
run: $(VENV)/.installed pdf-libs translations
	$(BIN)/glimmers serve --host 127.0.0.1 --port $(PORT)

## gettext: Debian's gettext, whose msgfmt compiles the translations (never committed compiled)
gettext:
	@if ! command -v msgfmt >/dev/null 2>&1; then \
		echo "Installing Debian's gettext to compile the translations…"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			gettext >/dev/null; \
	fi

## translations: each language's .po compiled to the .mo Django reads (docs/translation.md)
MO_FILES = $(patsubst %.po,%.mo,$(wildcard src/glimmers/locale/*/LC_MESSAGES/django.po))
translations: $(MO_FILES)

%.mo: %.po | gettext
	msgfmt --check -o $@ $<

## chromium: Debian's chromium for the browser tests (never a downloaded browser)
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; \
	fi

## nginx: Debian's nginx for the reverse-proxy test, which starts its own on a free port
## (tests/security/test_proxy.py; the package is never downloaded from anywhere else)
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
		echo "Installing Debian's nginx for the reverse-proxy test…"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			nginx >/dev/null; \
	fi

## pdf-libs: Debian's Pango and DejaVu fonts, which WeasyPrint lays the PDF scrapbook out with
## (glimmers/yourdata/exporting/pdf.py; fonts come from the system, never downloaded)
pdf-libs:
	@if [ "$$(dpkg-query -W -f='$${db:Status-Status} ' libpango-1.0-0 libpangoft2-1.0-0 \
			fonts-dejavu-core 2>/dev/null)" != "installed installed installed " ]; then \
		echo "Installing Debian's Pango and DejaVu fonts for the PDF scrapbook…"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	fi

## postgresql-client: Debian's pg_dump and psql, which `glimmers backup` / `restore` use on PostgreSQL
## (the server's own version; docs/decisions.md, "Backups: one zip file, …")
postgresql-client:
	@if ! command -v pg_dump >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then \
		echo "Installing Debian's postgresql-client for backups of a PostgreSQL Glimmers…"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			postgresql-client >/dev/null; \
	fi

## lint / format: ruff; lint then checks that imports point down, with no cycles (import-linter,
## contracts in pyproject.toml; docs/decisions.md, "Layers and import-linter")
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test-sqlite: $(VENV)/.installed-dev chromium nginx pdf-libs translations
	env -u GLIMMERS_DATABASE_URL $(BIN)/pytest

test-postgres: $(VENV)/.installed-dev chromium nginx pdf-libs postgresql-client translations
	@if [ -z "$$GLIMMERS_TEST_DATABASE_URL" ]; then \
		echo "GLIMMERS_TEST_DATABASE_URL is not set: skipping the PostgreSQL leg."; \
	else \
		echo "PostgreSQL leg: $$GLIMMERS_TEST_DATABASE_URL"; \
		GLIMMERS_DATABASE_URL="$$GLIMMERS_TEST_DATABASE_URL" $(BIN)/pytest; \
	fi

## test: lint, then the whole suite on SQLite, then on PostgreSQL when configured
test: lint test-sqlite test-postgres

## bench: every benchmark (`glimmers add` vs jrnl, capture over HTTP, pages at 1k/10k/100k
## and hosted 1,000×100, export and import at 100,000), on SQLite and, when
## GLIMMERS_TEST_DATABASE_URL is set, PostgreSQL;
## writes benchmarks/RESULTS.md. BENCH=--quick for a smoke run.
bench: $(VENV)/.installed-dev pdf-libs
	$(BIN)/python benchmarks/run_all.py $(BENCH)

## reliability: the full crash / load / replay / isolation tests against real servers
## (25 SIGKILLs, 50 clients for 60 s, 500 creates replayed 3 times, two people at once);
## SQLite, then PostgreSQL when GLIMMERS_TEST_DATABASE_URL is set. A table of results at the end.
reliability: $(VENV)/.installed-dev
	GLIMMERS_RELIABILITY=full env -u GLIMMERS_DATABASE_URL $(BIN)/pytest tests/reliability -q
	@if [ -n "$$GLIMMERS_TEST_DATABASE_URL" ]; then \
		GLIMMERS_RELIABILITY=full GLIMMERS_DATABASE_URL="$$GLIMMERS_TEST_DATABASE_URL" \
			$(BIN)/pytest tests/reliability -q; \
	fi

## messages: collect translatable text for LOCALE (default uk); needs gettext. Migrations are
## read too: the built-in prompt library lives in one (practice/migrations/0002_prompt_library.py)
messages: $(VENV)/.installed-dev
	cd src/glimmers && ../../$(BIN)/glimmers makemessages -l $(or $(LOCALE),uk) --no-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info
