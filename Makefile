# The two commands a new machine needs: `make serve` and `make test`.
# Both create the virtual environment in .venv on first use. `make serve` installs the package
# and its runtime dependencies only (`pip install -e .`); `make test` installs the test extras
# too (`.[test]`: pytest, mypy, ruff, playwright, schemathesis …) and what the tests drive:
# Debian's Chromium (for the explorer's browser tests) and PostgreSQL (for the replica tests),
# when run as root, and the graphql-http audit and Apollo Client from npm. Each install has its
# own stamp, redone when pyproject.toml changes, so either command may follow the other. Both
# build GraphiQL's files from npm (`make graphiql`), which the app serves at /graphql so that it
# works offline.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test lint install graphiql browser postgres audit-deps bench clean

# GraphiQL, React and the explorer plugin, pinned by web/graphiql/package-lock.json and copied
# into schema/http/static/vendor/ (git-ignored); built.json is written last.
GRAPHIQL := schema/http/static/vendor/built.json

RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# What serving needs: the package and its runtime dependencies.
$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# What the tests, the linters and the benchmarks need besides: the test extras.
$(TESTING): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(RUNTIME)

$(GRAPHIQL): web/graphiql/package-lock.json web/graphiql/build.mjs
	npm ci --prefix web/graphiql --no-audit --no-fund --loglevel=error
	npm run --prefix web/graphiql --silent build

graphiql: $(GRAPHIQL)

serve: $(RUNTIME) $(GRAPHIQL)
	$(BIN)/alliance-graph serve

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else echo "chromium is missing: the browser tests will be skipped (install it as root)"; fi; }

# The PostgreSQL tests start a throwaway cluster of Debian's server (tests/postgres.py).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; \
	  else echo "PostgreSQL is missing: its tests will be skipped (install postgresql as root)"; fi; }

tests/audit/node_modules: tests/audit/package-lock.json
	npm ci --prefix tests/audit --no-audit --no-fund --silent
	touch $@

tests/apollo/node_modules: tests/apollo/package-lock.json
	npm ci --prefix tests/apollo --no-audit --no-fund --silent
	touch $@

audit-deps: tests/audit/node_modules tests/apollo/node_modules

lint: $(TESTING)
	$(BIN)/ruff check graph schema tests benchmarks
	$(BIN)/ruff format --check graph schema tests benchmarks
	$(BIN)/mypy

# The API tests again on stock strawberry and graphql-core execution, the quick path off: after
# an upgrade of either, a failure here is the library's, one only above is the quick path's
# (schema/execution/strawberry_names.py lists what the quick path relies on).
API_TESTS := tests/test_resolvers_*.py tests/test_types_*.py tests/test_docs_examples.py \
  tests/test_http_protocol.py tests/test_http_response_cache.py

test: lint graphiql browser postgres audit-deps
	$(BIN)/python -m pytest
	ALLIANCE_GRAPH_QUICK_PATH=off $(BIN)/python -m pytest -q -p no:cacheprovider $(API_TESTS)

bench: $(TESTING)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache tests/audit/node_modules \
	  tests/apollo/node_modules
	rm -rf web/graphiql/node_modules schema/http/static/vendor
