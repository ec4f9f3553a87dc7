# Two commands for a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installiert
HOST := 127.0.0.1:8000

.PHONY: run test bench lint format clean messages

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

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --settings=konzept.settings.test
	$(PY) manage.py kataloge_kompilieren --settings=konzept.settings.test
	$(PY) -m pytest

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
# then translate the new entries in locale/<code>/LC_MESSAGES/django.po.
messages: $(STAMP)
	$(PY) manage.py makemessages --all --no-location --ignore=.venv --ignore=static --ignore=tests
