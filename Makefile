# Two commands for a fresh machine: `make run` (the site with demo content on
# http://127.0.0.1:8000/, and the background worker beside it) and `make test` (the whole test suite).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST_WORKERS ?= 2
BROWSER_TESTS ?= 1
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint format check bench install install-dev chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: export DJANGO_SETTINGS_MODULE = uclg_site.settings.local
run: install
	$(MANAGE) compile_translations
	$(MANAGE) migrate --noinput
	$(MANAGE) setup_site
	$(MANAGE) load_demo_content --if-empty
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "Serving on http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/); Ctrl-C stops the server and the worker"
	$(MANAGE) run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
		$(BIN)/gunicorn uclg_site.wsgi --bind 127.0.0.1:8000 --workers 3 --access-logfile -

# The browser tests drive Debian's Chromium: installed here when missing and possible,
# otherwise they are skipped with the reason shown.
chromium:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq chromium; fi
	@[ -x $(CHROMIUM) ] || echo "$(CHROMIUM) is missing: browser tests will be skipped."

test: install-dev chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=uclg_site.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=uclg_site.settings.test $(MANAGE) compile_translations
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -rs -m "not browser" $(PYTEST_ARGS)
# Playwright keeps an event loop open for its whole session, which Django then refuses to run
# ORM code beside: the browser tests get a pytest run of their own.
ifeq ($(BROWSER_TESTS),1)
	$(BIN)/python -m pytest -n 1 -rs -m browser $(PYTEST_ARGS)
endif

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Benchmark (not part of CI): realistic volume on PostgreSQL, Gunicorn with the benchmark's
# settings (production plus /bench/ceiling/), measured with wrk. See "Performance and resilience" in the README.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/uclg_bench
bench: install
	command -v wrk >/dev/null || (apt-get update -q && apt-get install -y -q wrk)
	createdb -h 127.0.0.1 -U postgres uclg_bench 2>/dev/null || true
	DJANGO_SETTINGS_MODULE=uclg_site.settings.local DATABASE_URL=$(BENCH_DATABASE_URL) \
		REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} CACHE_KEY_PREFIX=bench $(MANAGE) bench_site $(BENCH_ARGS)
