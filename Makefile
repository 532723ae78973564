# Two commands for a newcomer: `make run` and `make test`. The rest are for operators and CI.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install messages run serve bench test lint format clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# The Lao interface catalog, compiled from its committed .po (the .mo is build output).
# polib compiles it where GNU gettext's msgfmt is missing, so a fresh machine needs only Python.
MO := locale/lo/LC_MESSAGES/django.mo
$(MO): locale/lo/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/python -c "import polib; polib.pofile('$<').save_as_mofile('$@')"

install: $(STAMP) $(MO)  ## Create .venv, install the project with its dev tools, compile the Lao catalog

messages: install  ## Refresh the Lao catalog from the code and templates (needs GNU gettext)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l lo --no-location --no-obsolete --ignore=tests --ignore=var

run: export DJANGO_DEBUG ?= 1
run: install  ## Set up, migrate, load the content, and serve at http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py ensure_local_admin --url http://$(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: install  ## Production path: check settings, migrate, collect static files, run gunicorn
	@test -n "$$DATABASE_URL" || { echo "make serve needs DATABASE_URL (PostgreSQL), e.g. postgres://user@host:5432/asean_department"; exit 2; }
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py invalidate_pages
	exec $(BIN)/gunicorn --config config/gunicorn.py

bench: install  ## Load benchmark with wrk against make serve on PostgreSQL and Redis (see bench/run.py)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

test: install  ## Run the whole suite with line coverage (fails below 90%)
	$(BIN)/pytest --cov --cov-report=term --cov-fail-under=90

lint: install  ## ruff check, ruff format --check, and models/migrations in step
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: install  ## Format and auto-fix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:  ## Remove the virtualenv and local state (the SQLite database, the local admin)
	rm -rf $(VENV) var .pytest_cache .ruff_cache .coverage htmlcov
