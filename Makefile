# The commands a newcomer types. `make run` and `make test` need nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench loadtest install migrate demo clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## run: install, migrate, load the demo project, print the demo logins, serve on 127.0.0.1:8000 (SQLite)
## with one background-task worker beside it (output labelled web/worker; one Ctrl+C stops both)
run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py serve_all 127.0.0.1:8000

## test: the whole suite (SQLite unless DATABASE_URL is set)
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

## lint: ruff and the migrations check
lint: $(STAMP)
	$(PY) -m ruff check .
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
