# KYKY: two commands set everything up on a fresh Debian machine with Python 3.11.
#   make run   - virtual environment, install, migrate, demo data on an empty database, serve on :8000
#   make test  - install, then lint, migration check, OpenAPI check, import contracts and the whole test suite
#   make prod-check - Django's deployment checks with production settings; any warning fails

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_DEBUG ?= 1

.PHONY: install run test lint format messages clean prod-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m kyky.matching.lemmas
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py create_dev_seal
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(BIN)/lint-imports
	$(BIN)/pytest

# Production settings with sample values (debug off, every required variable set): `check --deploy` must
# find nothing, not even a warning. The values are examples; nothing is served or connected to.
PROD_ENV := DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY=prod-check-sample-key-7f3a9c1e5b2d8f4a6c0e9b7d5a3f1c8e2b4d6f0a9c7e5b3d1 \
	DJANGO_ALLOWED_HOSTS=kyky.example.fi \
	DJANGO_CSRF_TRUSTED_ORIGINS=https://kyky.example.fi \
	KYKY_SITE_URL=https://kyky.example.fi \
	DATABASE_URL=postgres://kyky@db.example.fi:5432/kyky \
	REDIS_URL=redis://cache.example.fi:6379/0 \
	KYKY_SEAL_P12_FILE=/run/secrets/kyky-seal.p12 \
	KYKY_SEAL_PASSWORD=sample \
	KYKY_TASKS_BACKEND=django_tasks_db.DatabaseBackend

prod-check: install
	env -u DJANGO_SECURE_SSL_REDIRECT -u DJANGO_SECURE_COOKIES -u DJANGO_HSTS_SECONDS $(PROD_ENV) \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

lint:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages:
	$(BIN)/python manage.py makemessages -l fi -l sv --no-location --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=benchmarks --ignore=data
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
