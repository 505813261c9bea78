# Task runner. `make run` and `make test` work on a fresh machine with Python 3.11.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes for `make test` (one per CPU; 0 runs in this process, for debugging).
TEST_WORKERS ?= auto
# uv from PATH if present; otherwise the copy pip installs for this Python, run as a module
# (works whether pip put it in ~/.local or in the interpreter's own site-packages).
UV := $(or $(shell command -v uv 2>/dev/null),$(PYTHON) -m uv)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: uv-available help install run serve setup test test-browser test-all check audit lint fmt bench messages migrations backup clean

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

uv-available:
	@$(UV) --version >/dev/null 2>&1 || { \
	  echo "uv not found: installing it with pip"; \
	  $(PYTHON) -m pip install --user --quiet uv || $(PYTHON) -m pip install --quiet uv; }

$(VENV)/.installed: pyproject.toml uv.lock | uv-available
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.installed ## Create .venv from uv.lock

setup: install ## Migrate the database and load demo data when it is empty
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --if-empty

run: setup ## Install, migrate, load demo data and serve on http://127.0.0.1:8000
	$(MANAGE) runserver $(HOST):$(PORT)

test: install ## Run the test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	@# Two passes: everything that rolls back, on every CPU; then the few tests that
	@# commit (they empty the database afterwards), in one process. Exit code 5 means
	@# a pass selected no tests.
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest --ignore=tests/browser -q \
	  -n $(TEST_WORKERS) --dist loadfile -m "not transactional" $(PYTEST_ARGS) || [ $$? = 5 ]
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest --ignore=tests/browser -q \
	  -m transactional $(PYTEST_ARGS) || [ $$? = 5 ]

test-browser: install ## Run the browser tests (Playwright + Debian's Chromium)
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest tests/browser -q -p no:randomly $(PYTEST_ARGS)

check: install ## ruff, import-linter, migrations check, check --deploy and dependency audit
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production \
	  DJANGO_SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  DJANGO_ALLOWED_HOSTS=motesplats.example.org \
	  WAGTAILADMIN_BASE_URL=https://motesplats.example.org \
	  $(MANAGE) check --deploy --fail-level WARNING
	$(MAKE) --no-print-directory audit

audit: install ## Known vulnerabilities in the locked dependencies (pip-audit; AUDIT_SERVICE=pypi|osv)
	@# All groups of uv.lock. Fails on any vulnerability; an unreachable service is
	@# reported as "nothing was checked", and fails too with AUDIT_REQUIRED=1.
	$(UV) export --frozen --no-hashes --no-emit-project --all-groups --quiet \
	  --format requirements-txt -o $(VENV)/audit-requirements.txt
	$(PY) tools/audit_dependencies.py $(VENV)/audit-requirements.txt \
	  --service $(or $(AUDIT_SERVICE),pypi)

fmt: install ## Format and autofix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install ## Update the Swedish message catalogue and compile it
	$(MANAGE) makemessages -l sv --no-obsolete --ignore='.venv/*' --ignore='*/migrations/*' --ignore='tests/*' --ignore='bench/*'
	cd motesplats && ../$(PY) ../manage.py compilemessages

migrations: install ## Make migrations for model changes
	$(MANAGE) makemigrations

bench: install ## Benchmarks: one JSON line per figure
	$(PY) bench/run.py
	$(PY) bench/search.py
	$(PY) bench/registration_rush.py
	$(PY) bench/match_suggestions.py
	$(PY) bench/meeting_schedule.py

backup: install ## Back up the database and media into one archive in BACKUP_DIR
	$(MANAGE) backup

clean: ## Remove the virtualenv and local database
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media
