# The two set-up commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
# The suite on every core (pytest-xdist); the browser and cluster packages each stay on one worker (tests/conftest.py).
# `make test PYTEST_WORKERS=` runs it in one process.
PYTEST_WORKERS ?= -n auto --dist loadgroup
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test superuser lint format benchmark clean cluster cluster-down cluster-status messages compilemessages

$(VENV)/bin/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; install Python 3.11 or run: make PYTHON=python3 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the HTML and accessibility checks of the browser tests will be skipped."; fi

# The Russian catalogue, compiled by Babel (pure Python, from requirements.txt): GNU gettext's msgfmt, which
# `manage.py compilemessages` needs, may be missing on a fresh machine. The .mo files are not committed.
compilemessages: $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -d locale -D django

# Brings locale/ru/LC_MESSAGES/django.po up to date with the code (needs GNU gettext's xgettext); then translate
# what it added and run `make compilemessages`. tests/core/test_catalogue.py fails while anything is missing.
MESSAGES_IGNORE := --ignore='.venv/*' --ignore='node_modules/*' --ignore='benchmarks/*' --ignore='tests/*' \
	--ignore='deploy/*' --ignore='staticfiles/*' --ignore='var/*'
messages: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l ru --no-obsolete --no-location $(MESSAGES_IGNORE)

run: $(VENV)/.installed compilemessages
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_csto
	@echo "Serving http://127.0.0.1:8000/ -- to edit, create an account with 'make superuser' (it asks for a password), then sign in at http://127.0.0.1:8000/accounts/login/"
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed-dev node_modules/.installed compilemessages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

superuser: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py createsuperuser

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

benchmark: $(VENV)/.installed-dev
	$(PY) benchmarks/tree_pages.py

# A production-shaped deployment on this machine (deploy/cluster.py): PostgreSQL primary and streaming replica,
# Redis, two gunicorn app servers, HAProxy on http://127.0.0.1:8080/. Installs haproxy and redis-server as root.
cluster: $(VENV)/.installed
	$(PY) deploy/cluster.py up

cluster-down:
	$(if $(wildcard $(PY)),$(PY),$(PYTHON)) deploy/cluster.py down

cluster-status:
	$(if $(wildcard $(PY)),$(PY),$(PYTHON)) deploy/cluster.py status

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
