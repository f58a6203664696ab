# The commands a newcomer types. `make run` and `make test` need nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench loadtest install migrate demo clean lock lock-check

# Installs exactly the hashed lock (every transitive dependency pinned), whatever the pip version.
$(STAMP): requirements-dev.lock requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

# The dev lock is constrained by the runtime lock, so both pin the same versions.
UV_COMPILE = $(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 --custom-compile-command "make lock"

## lock: regenerate requirements.lock and requirements-dev.lock (with hashes) from the .in files
lock: $(STAMP)
	$(UV_COMPILE) requirements.in -o requirements.lock
	$(UV_COMPILE) requirements-dev.in -c requirements.lock -o requirements-dev.lock

## lock-check: fail if the lock files no longer match the .in files (CI runs it)
lock-check: $(STAMP)
	@tmp=$$(mktemp -d) && uv=$(CURDIR)/$(VENV)/bin/uv && \
	cp requirements.in requirements-dev.in requirements.lock requirements-dev.lock $$tmp/ && cd $$tmp && \
	$(subst $(VENV)/bin/uv,$$uv,$(UV_COMPILE)) requirements.in -o requirements.lock && \
	$(subst $(VENV)/bin/uv,$$uv,$(UV_COMPILE)) requirements-dev.in -c requirements.lock -o requirements-dev.lock && \
	cd $(CURDIR) && diff -u requirements.lock $$tmp/requirements.lock && diff -u requirements-dev.lock $$tmp/requirements-dev.lock \
	|| { echo "The lock files are stale: run 'make lock' and commit them."; exit 1; }
	@echo "lock files match requirements.in / requirements-dev.in"

install: $(STAMP)

## run: install, migrate, load the demo project, print the demo logins, serve on 127.0.0.1:8000 (SQLite)
## with one background-task worker beside it (output labelled web/worker; one Ctrl+C stops both)
run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py load_demo
	@echo "To sign in as yourself, create a superuser (in another terminal): $(PY) manage.py createsuperuser"
	DEBUG=1 $(PY) manage.py serve_all 127.0.0.1:8000

## test: the whole suite (SQLite unless DATABASE_URL is set), on every core (PYTEST_WORKERS=0: one process)
PYTEST_WORKERS ?= auto
test: $(STAMP)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

## lint: ruff (lint and format), mypy and the migrations check
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

## bench: export throughput, memory and list latency on SQLite and PostgreSQL
bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

## loadtest: 1 then 2 gunicorn servers on one PostgreSQL (127.0.0.1:18460..), locust reviewer mix, shared-state checks
loadtest: $(STAMP)
	$(PY) -m bench.loadtest $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
