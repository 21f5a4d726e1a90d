# The two commands of the README: `make run` (demo portal on SQLite) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The dependencies CI runs on, pinned with hashes; regenerated on purpose only (`make lock`).
LOCK := requirements/lock.txt
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8000
# The portal's own links (QR codes, e-mails) follow PORT unless the environment or .env
# names SITE_URL.
RUN_SITE_URL = $(if $(SITE_URL)$(shell grep -s '^SITE_URL=' .env),,http://127.0.0.1:$(PORT))
RUN_ENV = $(if $(RUN_SITE_URL),SITE_URL=$(RUN_SITE_URL) )

.PHONY: run test check lint format system-deps e2e-deps install lock bench clean

# Development mode is this local .env (ignored by git): DEBUG=true, for make and for
# `python manage.py ...` as typed; settings then give a development-only SECRET_KEY.
.env:
	printf '# Local development settings (see .env.example). Never used in production.\nDEBUG=true\n' > .env

# WeasyPrint draws the PDFs (counter-marks, guest lists) with Pango and the DejaVu fonts.
system-deps:
	@missing=""; \
	libs="$$(PATH="$$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null)"; \
	echo "$$libs" | grep -q 'libpango-1\.0\.so' || missing="$$missing libpango-1.0-0"; \
	echo "$$libs" | grep -q 'libpangoft2-1\.0\.so' || missing="$$missing libpangoft2-1.0-0"; \
	{ fc-list : family 2>/dev/null | grep -qi 'DejaVu Sans' \
		|| test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf; } \
		|| missing="$$missing fonts-dejavu-core"; \
	test -z "$$missing" || { \
		echo "Il manque Pango ou ses polices pour les PDF : sudo apt-get install$$missing"; exit 1; }

$(STAMP): pyproject.toml $(LOCK)
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	@$(BIN)/pip check >/dev/null || { $(BIN)/pip check; \
		echo "$(LOCK) ne suit plus pyproject.toml : lancez make lock"; exit 1; }
	touch $(STAMP)

install: system-deps $(STAMP) .env

# Pins what pyproject.toml asks for, keeping the current pins that still fit;
# `make lock LOCK_ARGS=--upgrade` moves every pin to the newest release.
lock:
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --extra test \
		--generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		$(LOCK_ARGS) --output-file $(LOCK) pyproject.toml

# The web server and, beside it, the worker that sends the e-mails (printed on this
# console); Ctrl+C stops both. resume_emails first: a send cut off last time goes again.
run: install
	$(RUN_ENV)$(BIN)/python manage.py migrate --noinput
	$(RUN_ENV)$(BIN)/python manage.py seed_demo
	$(RUN_ENV)$(BIN)/python manage.py resume_emails
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(RUN_ENV)$(BIN)/python manage.py db_worker --no-reload --no-startup-delay & worker=$$!; \
	$(RUN_ENV)$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Browser tests need Debian's Chromium; install it when missing (root on CI machines).
e2e-deps:
	@test -x $(CHROMIUM) || { \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "Il manque Chromium pour les tests du navigateur : sudo apt-get install chromium"; exit 1; \
		fi; }

test: install e2e-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -q

check: test

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# The measures of bench/README.md, on an already filled PostgreSQL database (its accounts
# come from manage.py build_national_dataset) and with wrk (apt-get install wrk):
# DATABASE_URL=postgres://postgres@127.0.0.1:5432/<base> make bench
bench: install
	@test -n "$$DATABASE_URL" || { \
		echo "Indiquez la base remplie : DATABASE_URL=postgres://… make bench (bench/README.md)"; exit 1; }
	$(BIN)/python bench/serve.py
	$(BIN)/python bench/voucher.py
	$(BIN)/python bench/booking_load.py
	$(BIN)/python bench/booking.py
	$(BIN)/python bench/check_in.py

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
