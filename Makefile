# Two commands do everything from a fresh clone: `make preview` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: preview test lint typecheck unit bench sweep policy-docs clean

# The venv is rebuilt whenever the pinned set or the package metadata changes.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The reference prod stacks in deploy order: the platform layer (Pulumi.yaml here), then the apps layer, whose
# StackReference to the platform is answered from the platform's own offline preview.
preview: $(STAMP)
	$(BIN)/retail-ai preview --stack prod
	$(BIN)/retail-ai preview --cwd stacks/apps --stack prod --policy-pack policies

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_preview.py

# Every Python example of the installed pulumi-alicloud's docstrings through the preview (about an hour on
# two cores; not part of `make test`). Add --results FILE to keep each program's outcome.
sweep: $(STAMP)
	$(BIN)/python benchmarks/sweep_examples.py --workers 2

policy-docs: $(STAMP)
	$(BIN)/python scripts/policy_catalog.py > docs/policies.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
