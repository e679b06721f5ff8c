PORT ?= 8501
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
# axe-core for the accessibility test (tests/test_axe.py), from package-lock.json
NPM_STAMP := node_modules/.installed

.PHONY: run test check walk lint validate clean bench load soak messages screenshot deploy-config

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# What the page needs; the test tools (Playwright, hypothesis, ruff) only for checks.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $(RUN_STAMP)

# Only `make test` needs it (the edit loop `make check` never runs npm).
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

run: $(RUN_STAMP)
	$(BIN)/streamlit run dashboard.py --server.port $(PORT) --server.address localhost

test: $(STAMP) $(NPM_STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The edit loop: ruff and the unit tier only (no page, no browser).
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -m unit -n auto

# The random walk of the page, longer than in `make test` (2 seeds of 25
# steps there): WALK_SEEDS seeds from WALK_FIRST_SEED, WALK_STEPS steps each.
WALK_SEEDS ?= 10
WALK_STEPS ?= 60
WALK_FIRST_SEED ?= 2
walk: $(STAMP)
	KZDASH_WALK_SEEDS=$(WALK_SEEDS) KZDASH_WALK_STEPS=$(WALK_STEPS) \
		KZDASH_WALK_FIRST_SEED=$(WALK_FIRST_SEED) $(BIN)/python -m pytest -q tests/test_walk.py

validate: $(STAMP)
	$(BIN)/python -m kzdash validate data

# Interface messages: extract them from the code, then merge them into every
# catalog (kzdash/locales/<lang>/LC_MESSAGES/messages.po) for translators, and
# check that each catalog compiles. Run after changing a message in the code.
messages: $(STAMP)
	$(BIN)/pybabel extract --mapping-file babel.cfg --keywords N_ --no-location \
		--sort-output --omit-header --output-file kzdash/locales/messages.pot .
	$(BIN)/pybabel update --input-file kzdash/locales/messages.pot --output-dir kzdash/locales \
		--no-fuzzy-matching --ignore-obsolete
	for po in kzdash/locales/*/LC_MESSAGES/messages.po; do \
		$(BIN)/pybabel compile --statistics --input-file $$po --output-file /dev/null || exit 1; \
	done

# The README's screenshot, taken from the real page in headless Chromium.
screenshot: $(STAMP)
	$(BIN)/python scripts/screenshot.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# Concurrent readers against one server (never part of `make test`).
LOAD_N ?= 1 5 10 20 40
load: $(STAMP)
	$(BIN)/python benchmarks/load.py $(LOAD_N)

# Readers one after another (each opens a link, walks, leaves); passes if
# every walk succeeds and RSS after the last is within 10% of after the 20th.
SOAK_READERS ?= 200
soak: $(STAMP)
	$(BIN)/python benchmarks/soak.py --readers $(SOAK_READERS) --marks 20 $(SOAK_READERS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/artifacts

# The balancer's config for deploy/compose.yaml (a server for each replica
# service, the port the balancer publishes), where compose mounts it.
deploy-config: deploy/haproxy.rendered.cfg
deploy/haproxy.rendered.cfg: deploy/haproxy.cfg deploy/compose.yaml kzdash/balancer.py $(RUN_STAMP)
	$(BIN)/python -m kzdash.balancer > $@
