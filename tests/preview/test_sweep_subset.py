"""A few of the SDK's own examples through `retail-ai preview`, one per answer kind and stop cause.

The whole sweep (every example of the installed SDK's docstrings) is `make sweep`; these stand for it in
`make test`: each ends as recorded in data/sweep_subset.tsv, broken ones naming the program's file and line.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SUBSET = Path(__file__).resolve().parent / "data" / "sweep_subset.tsv"


def _sweep():
    spec = importlib.util.spec_from_file_location("sweep_examples", REPO / "benchmarks" / "sweep_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sweep_examples"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_representative_examples_end_as_recorded():
    sweep = _sweep()
    rows = [line.split("\t") for line in SUBSET.read_text().splitlines() if line and not line.startswith("#")]
    expected = {row[0]: (row[2], row[3]) for row in rows}
    _, examples = sweep.distinct_examples(sweep.example_blocks(sweep.sdk_root(), {row[1] for row in rows}))
    chosen = [example for example in examples if example.id in expected]
    assert {example.id for example in chosen} == set(expected)
    outcomes = sweep.run(chosen, workers=2, virtualenv=sys.prefix, timeout=300)
    got = {o.id: (o.cause, o.detail, o.message) for o in outcomes}
    for example_id, (cause, detail) in expected.items():
        assert got[example_id][0] == cause, (example_id, got[example_id])
        assert detail in got[example_id][1], (example_id, got[example_id])
        if cause == "program's own error":
            assert " at __main__.py:" in got[example_id][2], got[example_id]
