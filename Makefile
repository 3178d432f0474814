# Two commands do everything from a fresh clone: `make preview` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The oldest and newest Pythons the library supports. `make test` runs the whole suite in .venv (made with
# PYTHON), then the component and preview tests on each of these in its own venv (.venv-py3.10, ...) built
# from the same pins; one that is PYTHON's own version is already covered.
EDGE_PYTHONS ?= 3.10 3.13
# 1 (as in CI): a Python of EDGE_PYTHONS that is not installed fails the run. 0: it is skipped with a warning.
REQUIRE_PYTHONS ?= 0
# The Node.js packages the TypeScript and JavaScript tests (tests/nodejs) run with, pinned by their lock file
# and installed by npm under an ignored folder, again only when the lock changes. 1 (as in CI): no npm fails
# the run. 0: those tests are skipped with a warning.
NODE_FIXTURES := .cache/npm-fixtures
REQUIRE_NODE ?= 0

.PHONY: preview test lint typecheck unit node-fixtures test-pythons bench sweep policy-docs clean

# A venv is rebuilt whenever the pinned set or the package metadata changes.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The reference prod stacks in deploy order: the platform layer (Pulumi.yaml here), then the apps layer, whose
# StackReference to the platform is answered from the platform's own offline preview.
preview: $(STAMP)
	$(BIN)/retail-ai preview --stack prod
	$(BIN)/retail-ai preview --cwd stacks/apps --stack prod --policy-pack policies

# The whole suite and the edge Pythons' venvs and tests run side by side, one per core: each is one pytest
# process, so run one after the other they leave a core idle. Each one's output is printed whole when it
# ends (--output-sync), never interleaved.
test: $(STAMP) lint typecheck
	@$(MAKE) --no-print-directory -j2 --output-sync=recurse unit test-pythons

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) node-fixtures
	$(BIN)/pytest

node-fixtures:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(NODE_FIXTURES)/.installed; \
	elif [ "$(REQUIRE_NODE)" = 1 ]; then echo "error: npm is not installed, and REQUIRE_NODE=1 needs it" >&2; exit 1; \
	else echo "warning: npm is not installed: the Node.js program tests are SKIPPED" >&2; fi

$(NODE_FIXTURES)/.installed: tests/nodejs/packages/package.json tests/nodejs/packages/package-lock.json
	mkdir -p $(NODE_FIXTURES)
	cp $^ $(NODE_FIXTURES)/
	cd $(NODE_FIXTURES) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test-pythons: $(STAMP)
	@for version in $(EDGE_PYTHONS); do $(MAKE) --no-print-directory test-python-$$version || exit 1; done

# The component and preview tests on one Python (test-python-3.10), which scripts/find-python finds on PATH
# or under pyenv.
test-python-%: $(STAMP)
	@if [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = "$*" ]; then \
	    echo "Python $*: the whole suite ran in $(VENV)"; exit 0; fi; \
	interpreter=$$(scripts/find-python $*) || { \
	    if [ "$(REQUIRE_PYTHONS)" = 1 ]; then \
	        echo "error: Python $* is not installed, and REQUIRE_PYTHONS=1 needs its tests" >&2; exit 1; fi; \
	    echo "warning: Python $* is not installed: its component and preview tests are SKIPPED" >&2; exit 0; }; \
	$(MAKE) --no-print-directory .venv-py$*/.installed EDGE_INTERPRETER=$$interpreter && \
	echo "Python $*: component and preview tests" && \
	.venv-py$*/bin/pytest -q -p no:cacheprovider tests/components tests/preview

.venv-py%/.installed: pyproject.toml constraints.txt
	$(EDGE_INTERPRETER) -m venv .venv-py$*
	.venv-py$*/bin/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_preview.py

# Every Python example of the installed pulumi-alicloud's docstrings through the preview (about an hour on
# two cores; not part of `make test`). Add --results FILE to keep each program's outcome.
sweep: $(STAMP)
	$(BIN)/python benchmarks/sweep_examples.py --workers 2

policy-docs: $(STAMP)
	$(BIN)/python scripts/policy_catalog.py > docs/policies.md

clean:
	rm -rf $(VENV) .venv-py* .pytest_cache .mypy_cache .ruff_cache $(NODE_FIXTURES)
