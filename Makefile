# Jaga: two commands on a fresh machine.
#   make run   set up, upgrade the database, load the bundled data, serve on http://127.0.0.1:$(PORT)
#   make test  set up, install what the tests need (PostgreSQL check, Chromium), run the whole suite

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: install run test test-deps translations audit bench soak cluster-test clean crisis-eval crisis-bench crisis-train

install: $(VENV)/.installed node_modules/.installed translations

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

node_modules/.installed: package.json package-lock.json scripts/copy-vendor.js
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

translations: $(VENV)/.installed
	$(BIN)/flask translate compile

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

$(VENV)/.test-installed: $(VENV)/.installed setup.cfg
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

test-deps: install $(VENV)/.test-installed
	./scripts/ensure-test-services

test: test-deps
	$(BIN)/flask translate check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

audit: $(VENV)/.test-installed
	$(BIN)/bandit -q -r directory
	$(BIN)/python scripts/audit-dependencies

SOAK_CLIENTS ?= 100
SOAK_SECONDS ?= 60

bench: test-deps
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m bench.run --write-docs

soak: test-deps
	$(BIN)/python -m bench.soak --clients $(SOAK_CLIENTS) --seconds $(SOAK_SECONDS)
	$(BIN)/python -m bench.soak --clients $(SOAK_CLIENTS) --seconds $(SOAK_SECONDS) --fault

crisis-eval: test-deps
	FLASK_APP=wsgi $(BIN)/flask crisis eval

crisis-train: test-deps
	FLASK_APP=wsgi $(BIN)/flask crisis data
	FLASK_APP=wsgi $(BIN)/flask crisis train

crisis-bench: install
	$(BIN)/python bench/crisis_speed.py

# Two gunicorn instances behind nginx (installed from Debian if missing), one PostgreSQL, Redis.
cluster-test: test-deps
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update -qq && apt-get install -y -qq nginx >/dev/null)
	timeout 600 $(BIN)/python -m bench.cluster

clean:
	rm -rf $(VENV) node_modules directory/static/vendor .pytest_cache
