# Two commands for a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installiert
HOST := 127.0.0.1:8000
# Parallel test workers: one per core (`make test TEST_PROZESSE=0` runs in one process).
TEST_PROZESSE ?= auto

.PHONY: run serve test bench lint format clean messages oidc-anbieter

# The first Python >= 3.12 found: python3.13, python3.12, the one .python-version names
# through pyenv, or any python3 that is new enough.
FIND_PYTHON := for kandidat in python3.13 python3.12 "$$(pyenv which python 2>/dev/null)" \
		$$(ls -d "$$(pyenv root 2>/dev/null)"/versions/3.1[2-9]*/bin/python 2>/dev/null) python3; do \
	  if [ -n "$$kandidat" ] && "$$kandidat" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    echo "$$kandidat"; break; \
	  fi; \
	done

$(PY):
	@python="$$($(FIND_PYTHON))"; \
	if [ -z "$$python" ]; then \
	  echo "Kein Python ab Version 3.12 gefunden. Bitte installieren, z. B. 'apt-get install python3.12 python3.12-venv' oder 'pyenv install 3.13'." >&2; \
	  exit 1; \
	fi; \
	echo "Lege $(VENV) mit $$python an ($$("$$python" --version))"; \
	"$$python" -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable . --group test
	@touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py kataloge_kompilieren
	$(PY) manage.py migrate --noinput
	$(PY) manage.py inhalte_laden
	$(PY) manage.py demo_benutzer
	$(PY) manage.py demo_beteiligung
	@echo
	@echo "Das Integrationskonzept läuft auf http://$(HOST)/ (beenden mit Strg+C)."
	@echo
	$(PY) manage.py runserver $(HOST)

# The production configuration on this machine (README, "Betrieb"): PostgreSQL, gunicorn,
# WhiteNoise, the task worker. Plain HTTP here, so no redirect to HTTPS.
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/integrationskonzept
serve: $(STAMP)
	@mkdir -p var
	@test -s var/serve-secret-key || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/serve-secret-key
	@$(PY) -c "import psycopg, sys; basis, name = sys.argv[1].rsplit('/', 1); \
	  db = psycopg.connect(basis + '/postgres', autocommit=True); \
	  neu = not db.execute('SELECT 1 FROM pg_database WHERE datname = %s', [name]).fetchone(); \
	  neu and db.execute('CREATE DATABASE \"%s\"' % name)" "$(SERVE_DATABASE_URL)"
	export DJANGO_SETTINGS_MODULE=konzept.settings.prod DATABASE_URL="$(SERVE_DATABASE_URL)" \
	  SECRET_KEY="$$(cat var/serve-secret-key)" ALLOWED_HOSTS=127.0.0.1,localhost \
	  SECURE_SSL_REDIRECT=false GUNICORN_BIND=$(HOST); \
	$(PY) manage.py kataloge_kompilieren && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	$(PY) manage.py inhalte_laden && \
	{ $(PY) manage.py arbeiter & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	  echo "Produktionskonfiguration auf http://$(HOST)/ (beenden mit Strg+C)."; \
	  $(VENV)/bin/gunicorn; }

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --settings=konzept.settings.test
	$(PY) manage.py kataloge_kompilieren --settings=konzept.settings.test
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory oidc-anbieter; \
	else echo "npm fehlt: die Tests des Anmeldens mit dem Dienstkonto werden übersprungen."; fi
	$(PY) -m pytest -n $(TEST_PROZESSE)

# The OpenID provider of the SSO tests (tests/anbieter.py): panva's oidc-provider, version as
# pinned in tests/oidc/package-lock.json, into the git-ignored var/oidc-provider/. Needs Node and
# npm; installed again only when the lock file changes.
OIDC_ANBIETER := var/oidc-provider/node_modules/.package-lock.json
$(OIDC_ANBIETER): tests/oidc/package.json tests/oidc/package-lock.json
	mkdir -p var/oidc-provider
	cp tests/oidc/package.json tests/oidc/package-lock.json var/oidc-provider/
	npm ci --prefix var/oidc-provider --no-audit --no-fund
	@touch $@

oidc-anbieter: $(OIDC_ANBIETER)

# Benchmarks: ratios measured in the same run (see bench/); not part of the suite.
# `make bench NUR=pdf` runs only bench/pdf.py.
bench: $(STAMP)
	$(PY) manage.py kataloge_kompilieren --settings=konzept.settings.test
	$(PY) -m bench $(NUR)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache tests/browser/screenshots

# After changing interface strings: refresh every language's catalogue (needs GNU gettext),
# then translate the new entries in locale/<code>/LC_MESSAGES/django.po. German is the source;
# locale/de/ only translates Django's own strings that Django's German catalogue lacks.
messages: $(STAMP)
	$(PY) manage.py makemessages --no-location --ignore=.venv --ignore=static --ignore=tests \
	  -l en -l ar -l fa -l uk -l ru -l tr
