# The partnership portal. `make help` lists what you can do.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test setup assets lint audit format lock bench bench-national soak clean

help: ## List the commands
	@grep -hE '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/app.css: node_modules/.installed $(wildcard static/src/*) scripts/build-assets.mjs
	npm run --silent build

setup: $(BIN)/.installed static/dist/app.css ## Build the virtualenv and the front-end assets

assets: node_modules/.installed ## Rebuild the front-end assets
	npm run --silent build

run: setup ## First command: set up SQLite with the demo data and serve the portal
	env -u DATABASE_URL -u REDIS_URL DJANGO_ENV=development $(BIN)/python manage.py migrate --noinput -v 0
	env -u DATABASE_URL -u REDIS_URL DJANGO_ENV=development $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "The portal is at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo ""
	env -u DATABASE_URL -u REDIS_URL DJANGO_ENV=development $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup ## Second command: run every test (DATABASE_URL and REDIS_URL choose the services)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r . -q
	DJANGO_ENV=test $(BIN)/python -m pytest

lint: setup ## Check the code with ruff and bandit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r . -q

audit: setup ## Check the pinned dependencies for known vulnerabilities (needs PyPI's JSON API)
	$(BIN)/pip-audit --strict --no-deps --disable-pip -r requirements.lock
	$(BIN)/pip-audit --strict --no-deps --disable-pip -r requirements-dev.lock

lock: $(BIN)/.installed ## Pin the dependencies in pyproject.toml again (needs PyPI); only the index is named, no local folder
	$(BIN)/pip-compile --quiet --no-emit-find-links --no-emit-index-url --strip-extras \
		--output-file=requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --no-emit-find-links --no-emit-index-url --strip-extras --extra=dev \
		--output-file=requirements-dev.lock pyproject.toml
	! grep -lE '^--(find-links|index-url|extra-index-url)' requirements.lock requirements-dev.lock

format: setup ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup ## Run the benchmarks under bench/ (needs DATABASE_URL to a PostgreSQL server)
	cd bench && ../$(BIN)/python import_gias.py
	cd bench && ../$(BIN)/python school_pages.py
	cd bench && ../$(BIN)/python support_lists.py
	cd bench && ../$(BIN)/python consultation_analysis.py
	cd bench && ../$(BIN)/python scrutiny_report.py
	cd bench && ../$(BIN)/python dashboard.py

bench-national: setup ## 150 partnerships' termly reports on two real workers (about 30 min; needs REDIS_URL too)
	cd bench && ../$(BIN)/python national_reports.py

soak: setup ## 200 reports and emails on real workers under kills and restarts: none lost, none twice (needs DATABASE_URL)
	cd bench && ../$(BIN)/python soak.py

clean: ## Remove the virtualenv, node_modules, built assets and the SQLite database
	rm -rf $(VENV) node_modules static/dist staticfiles db.sqlite3
