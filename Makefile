# SocialGov developer entry points. GNU make.
#
#   make run    fresh machine -> venv, migrate, demo data, server (+ worker if REDIS_URL)
#   make test   venv + full pytest suite (pass extra args with PYTEST_ARGS="-k foo -x")
#
# Everything runs from the repo-local virtualenv in .venv/.

SHELL := /bin/bash

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help .venv run test stress lint messages clean distclean

help:
	@echo "make run        migrate, seed demo users, serve on http://localhost:8000"
	@echo "                (REDIS_URL set: web + RQ worker + scheduler, Ctrl-C stops all)"
	@echo "make test       run the test suite (PYTEST_ARGS='...' to pass options)"
	@echo "make stress     run the stress tests (pytest -m stress)"
	@echo "make lint       ruff check ."
	@echo "make messages   update and compile the French translations"
	@echo "make clean      remove caches and collected static files"
	@echo "make distclean  clean + remove .venv and the local SQLite database"

# --- virtualenv -------------------------------------------------------------
# (Re)installs whenever a requirements file is newer than the stamp.
.venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || { echo ">> creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo ">> installing requirements-dev.txt into $(VENV)"
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $@

# --- run --------------------------------------------------------------------
run: .venv
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@if [ -z "$$REDIS_URL" ]; then \
		echo ">> REDIS_URL is not set: embedded mode, checks run in-process (no worker needed)"; \
		echo ">> starting web + scheduler (expiry) on http://localhost:8000  (Ctrl-C stops both)"; \
	else \
		echo ">> REDIS_URL=$$REDIS_URL: starting web + RQ worker + scheduler"; \
	fi
	exec bin/run-all

# --- tests & quality -----------------------------------------------------------
# On every core (pytest-xdist; TEST_WORKERS=0 runs in one process), each test file in
# one worker; tests/worker_env.py gives each worker a Redis database of its own.
TEST_WORKERS ?= auto
test: .venv
	$(BIN)/python -m pytest -p tests.worker_env -n $(TEST_WORKERS) --dist loadfile \
		-m "not stress" $(PYTEST_ARGS)

# pytest exits 5 when no test is selected; that is fine while there are none.
stress: .venv
	@$(BIN)/pytest -m stress $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo ">> no stress tests selected"; exit 0; fi; exit $$rc

lint: .venv
	$(BIN)/ruff check .

# For developers: refresh locale/fr .po from the sources, then compile .mo
# (the .mo files are committed, so deployments never need gettext).
messages: .venv
	$(MANAGE) makemessages -l fr --ignore='$(VENV)/*' --ignore='staticfiles/*' --ignore='bench/*' --ignore='tests/*'
	$(MANAGE) compilemessages -l fr --ignore='$(VENV)'

# --- housekeeping -----------------------------------------------------------
clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache staticfiles

distclean: clean
	rm -rf $(VENV) db.sqlite3
