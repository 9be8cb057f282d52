# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
SAMPLE := articles/fixtures/sample
# Interface translations: each locale/<lang>/LC_MESSAGES/django.po compiles to a .mo that is
# not committed. pybabel comes with babel (already pinned), so no system gettext is needed.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: run setup test lint bench bench-facets bench-scale eval-arcd train-ner eval-ner clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP) $(MESSAGES)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py ingest $(SAMPLE) --no-progress
	$(BIN)/python manage.py relate_articles --no-progress
	$(BIN)/python manage.py sync_index

run: setup
	@echo
	@echo "The archive is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Create an editor account with:  $(BIN)/python manage.py createsuperuser"
	@echo "Add articles with:              $(BIN)/python manage.py ingest PATH [PATH ...]"
	@echo
	exec $(BIN)/gunicorn newsarchive.wsgi --preload --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile -

# The whole suite on SQLite, then again on PostgreSQL (started and set up by
# tools/postgres-for-tests.sh). Without PostgreSQL on the machine the second
# run is skipped with a message, except in CI (CI=true), where it must run.
# The browser tests (marker `browser`, headless Chromium from
# tools/chromium-for-tests.sh, about a minute) run in the SQLite pass only: their
# gunicorn archive keeps its own SQLite file whatever DATABASE_URL says, so a
# second run would test nothing new. Without Chromium they are skipped with a
# message, except in CI, where they must run.
test: $(STAMP) $(MESSAGES) lint
	@chromium=$$(tools/chromium-for-tests.sh); status=$$?; \
	if [ $$status -eq 3 ] && [ "$${CI:-}" != "true" ]; then \
		echo "== Chromium not available here: the browser tests are skipped"; \
		echo "== tests on SQLite"; \
		$(BIN)/python -m pytest -m "not browser"; \
	elif [ $$status -ne 0 ]; then exit $$status; \
	else \
		echo "== tests on SQLite, browser tests in $$chromium"; \
		TEST_CHROMIUM=$$chromium $(BIN)/python -m pytest; \
	fi
	@url=$$(tools/postgres-for-tests.sh); status=$$?; \
	if [ $$status -eq 3 ] && [ "$${CI:-}" != "true" ]; then \
		echo "== PostgreSQL not available here: the PostgreSQL run is skipped"; exit 0; \
	elif [ $$status -ne 0 ]; then exit $$status; fi; \
	echo "== tests on PostgreSQL ($$url), without the browser tests"; \
	DATABASE_URL=$$url $(BIN)/python -m pytest -m "not browser"

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/pybabel compile --domain django --directory locale --locale $* --statistics

lint: $(STAMP)
	$(BIN)/ruff check .

# Benchmarks and quality measures: not part of `make test` (they need ../shared).
bench: $(STAMP)
	$(BIN)/python tools/bench.py

eval-arcd: $(STAMP)
	$(BIN)/python tools/retrieval_quality.py

# Facet latency on the archive `make bench` built (in process, no HTTP).
bench-facets: $(STAMP)
	$(BIN)/python tools/facet_bench.py

# 250,000 articles replicated from the archive `make bench` built (bench-data/saudinewsnet,
# only read): index build, search latency, memory, profile of the slowest queries.
bench-scale: $(STAMP)
	$(BIN)/python tools/scale_point.py --profile

# The entity tagger: retrain on the first 5/6 of ANERcorp, score the last sixth.
ANERCORP ?= ../shared/eval/anercorp/train.txt
train-ner: $(STAMP)
	$(BIN)/python manage.py train_ner --data $(ANERCORP)

eval-ner: $(STAMP)
	$(BIN)/python manage.py evaluate_ner --heldout $(ANERCORP)

clean:
	rm -rf var bench-data
