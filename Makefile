# DiploHub: `make run` serves the catalogue, `make test` runs the suite (SQLite, or
# PostgreSQL when DATABASE_URL is set). Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# Front-end packages copied from node_modules into static/vendor (ignored by git).
VENDOR_FILES := world-atlas

.PHONY: venv vendor run test lint messages migrate catalogue bench loadtest audit clean

# DEBUG is off unless set (diplohub/settings.py): the development targets turn it on, unless
# the environment says otherwise.
run migrate catalogue test lint messages: export DEBUG ?= true

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

vendor:
	@if [ -f package.json ]; then \
		npm ci --no-audit --no-fund --loglevel=error && \
		mkdir -p static/vendor && \
		for f in $(VENDOR_FILES); do cp -R "node_modules/$$f" static/vendor/; done; \
	fi

migrate: venv
	$(BIN)/python manage.py migrate --noinput

catalogue: migrate
	$(BIN)/python manage.py load_catalogue

run: venv vendor catalogue
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv vendor
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# The benchmark (PostgreSQL: set DATABASE_URL) and the 64-connection load test; see README.
BENCH_ARGS ?=
bench: venv vendor
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)

loadtest: venv vendor
	$(BIN)/python -m benchmarks.bench --load $(BENCH_ARGS)

# Known vulnerabilities in the pinned dependencies (pip-audit). Its vulnerability services
# (PyPI's per-version JSON API, which it queries) must be reachable: where it is not, the
# target says so and does not fail.
audit: venv
	@$(BIN)/python -m pip install --quiet pip-audit==2.10.1
	@$(BIN)/pip freeze --exclude-editable > $(VENV)/requirements-frozen.txt
	@if $(BIN)/python -c "import urllib.request; urllib.request.urlopen('https://pypi.org/pypi/pip/24.0/json', timeout=10)" 2>/dev/null; then \
		$(BIN)/pip-audit --progress-spinner off --strict -r $(VENV)/requirements-frozen.txt; \
	else \
		echo "Dependency audit NOT RUN: no vulnerability service is reachable from this machine."; \
	fi

# The Spanish catalogue: extract new strings into locale/es/LC_MESSAGES/django.po and compile
# it. Translate what it adds there (Poedit, Weblate) and commit the .po and the .mo.
messages: venv
	$(BIN)/python .ci/translations.py update

# Templates are checked by djhtml (indentation only); `$(BIN)/djhtml --tabwidth 2 templates`
# applies it.
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/djhtml --check --tabwidth 2 templates
	$(BIN)/python .ci/translations.py check

clean:
	rm -rf $(VENV) staticfiles static/vendor node_modules db.sqlite3
