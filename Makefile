# Two commands for a newcomer: `make run` and `make test`. The rest are for operators and CI.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install messages run serve bench test coverage lint format lock audit clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# Installs come from the lock files in requirements/ (every package pinned, with its hashes):
# production.txt for `make serve`, development.txt (the same pins plus the test and lint tools) for
# everything else. `make lock` regenerates both from pyproject.toml.
LOCK := requirements/production.txt
DEV_LOCK := requirements/development.txt
SERVE_STAMP := $(VENV)/.installed-production

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip

$(STAMP): $(DEV_LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(DEV_LOCK)
	touch $(STAMP)

$(SERVE_STAMP): $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	touch $(SERVE_STAMP)

# The Lao interface catalogs, compiled from their committed .po (the .mo are build output): the
# project's own strings (locale/lo), and Django's and the packages' strings the back office shows
# (locale/packages/lo: django.po, and djangojs.po for the admin's JavaScript).
# polib compiles them where GNU gettext's msgfmt is missing, so a fresh machine needs only Python.
MO := $(patsubst %.po,%.mo,$(wildcard locale/lo/LC_MESSAGES/*.po locale/packages/lo/LC_MESSAGES/*.po))
%.mo: %.po | $(BIN)/python
	$(BIN)/python -c "import polib; polib.pofile('$<').save_as_mofile('$@')"

install: $(STAMP) $(MO)  ## Create .venv, install the project with its dev tools, compile the Lao catalogs

messages: install  ## Refresh the Lao catalog from the code and templates (needs GNU gettext)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l lo --no-location --no-obsolete --ignore=tests --ignore=var

run: export DJANGO_DEBUG ?= 1
run: install  ## Set up, migrate, load the content, and serve at http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py ensure_local_admin --url http://$(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# What stops `make serve`: any deploy warning; `make serve DEPLOY_CHECK_FAILS_ON=ERROR` lets the
# warnings through, to try the production path over plain HTTP (docs/operators.md).
DEPLOY_CHECK_FAILS_ON ?= WARNING
serve: $(SERVE_STAMP) $(MO)  ## Production path (installs the production lock only): check settings, migrate, collect static files, run gunicorn
	@test -n "$$DATABASE_URL" || { echo "make serve needs DATABASE_URL (PostgreSQL), e.g. postgres://user@host:5432/asean_department"; exit 2; }
	$(BIN)/python manage.py check --deploy --fail-level $(DEPLOY_CHECK_FAILS_ON)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py invalidate_pages
	exec $(BIN)/gunicorn --config config/gunicorn.py

bench: install  ## Load benchmark with wrk against make serve on PostgreSQL and Redis (see bench/run.py)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The suite runs on every core (pytest-xdist); tests that share a sweep stay on one worker
# (--dist loadgroup with their xdist_group mark). One file or one test: .venv/bin/pytest PATH
# (see docs/developers.md, "Tests"). One worker more than the cores: the browser and server tests
# wait on Chromium and the servers they start, and with a worker per core a quarter of the
# machine sat idle (measured on 2 cores).
WORKERS ?= $(shell expr $$(nproc) + 1)
XDIST := -n $(WORKERS) --dist loadgroup

test: install  ## Run the whole suite, on every core (PYTEST_ARGS=... adds pytest options)
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

coverage: install  ## Run the whole suite with line coverage (fails below 90%): before a release
	$(BIN)/pytest $(XDIST) --cov --cov-report=term --cov-fail-under=90 $(PYTEST_ARGS)

lint: install  ## ruff check, ruff format --check, and models/migrations in step
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

lock: install  ## Re-pin requirements/*.txt (with hashes) from pyproject.toml after changing a dependency
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --quiet --custom-compile-command "make lock" -o $(LOCK)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --quiet --custom-compile-command "make lock" -o $(DEV_LOCK)

audit: install  ## Check the pinned packages against the Python advisory database (needs the network)
	@$(BIN)/pip-audit --strict --progress-spinner off --disable-pip --require-hashes -r $(LOCK) -r $(DEV_LOCK) || { \
	  echo "make audit FAILED: a pinned package has a known vulnerability, or a package could not be checked"; \
	  echo "(\"could not be audited\" means pypi.org's advisory data was unreachable: nothing was checked)."; \
	  exit 1; }

format: install  ## Format and auto-fix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:  ## Remove the virtualenv and local state (the SQLite database, the local admin)
	rm -rf $(VENV) var .pytest_cache .ruff_cache .coverage htmlcov
