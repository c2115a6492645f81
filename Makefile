# The two commands a new user needs: `make site` and `make test`.
# Each creates .venv if missing and installs the project into it first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check codeowners-check lint format bench bench-compare clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,zensical,mcp]'
	touch $(STAMP)

## check: validate glossary/ and playbooks/ (warnings fail too)
check: $(STAMP)
	$(BIN)/glossary check --strict

## codeowners-check: CODEOWNERS says what the owners in the content say (`glossary codeowners` rewrites it)
codeowners-check: $(STAMP)
	$(BIN)/glossary codeowners --check

## site: validate the content, then build the site into site/
site: check
	$(BIN)/glossary build

## test: lint and the import layers, then the whole test suite, one process per core (TEST_WORKERS=0: one process)
# --dist loadfile keeps a file's tests in one process: the sites its fixtures build are built once;
# --no-loadscope-reorder starts the files in the order tests/conftest.py gives them (longest first).
# Bytecode may be written (env -u PYTHONDONTWRITEBYTECODE, which some machines set, ours among them):
# pytest then keeps its rewritten test modules and Python its compiled modules between processes, and
# collecting the suite takes 2.9 s a process instead of 6.6 s (three processes collect; the CLI tests
# start some 150 more).
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/lint-imports
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

## bench: time `glossary check` on synthetic projects of 1,000 and 10,000 terms
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py

## bench-compare: this tree against REF (make bench-compare REF=e7d21a3), check/build/serve interleaved
##   BENCH_ARGS passes options, e.g. BENCH_ARGS="--pairs 9 --build-pairs 3 --only check build"
bench-compare: $(STAMP)
	@test -n "$(REF)" || { echo "usage: make bench-compare REF=<git ref> [BENCH_ARGS=...]"; exit 2; }
	$(BIN)/python benchmarks/bench_compare.py $(REF) $(BENCH_ARGS)

format: $(STAMP)
	$(BIN)/ruff format generator tests benchmarks
	$(BIN)/ruff check --fix generator tests benchmarks

clean:
	rm -rf $(VENV) site build benchmarks/out .pytest_cache
