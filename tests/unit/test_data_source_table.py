"""The data source table: every function the pinned SDKs expose as an invoke has exactly one reviewed row."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from retail_ai_components.preview import datasources
from retail_ai_components.preview.answers import catalogue, std

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "scripts" / "generate_data_source_table.py"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_data_source_table", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_table_names_every_function_of_the_installed_sdks_and_no_other():
    generator = _generator()
    installed = {}
    for package, distribution in generator.SDKS.items():
        installed.update(generator.functions(generator._sdk_root(distribution), package))
    rows = datasources.table()
    missing = sorted(set(installed) - set(rows))
    extra = sorted(set(rows) - set(installed))
    assert not missing, f"functions the table lacks (run {GENERATOR.name}): {missing[:10]}"
    assert not extra, f"rows for functions no installed SDK has (run {GENERATOR.name}): {extra[:10]}"
    assert {token: rows[token].function for token in installed} == installed


def test_the_checked_in_table_is_what_the_generator_writes():
    done = subprocess.run([sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_sdk_functions_are_counted_and_classified():
    rows = list(datasources.table().values())
    kinds = {row.kind for row in rows}
    assert kinds == {"pure", "offering facts", "account state"}
    # pulumi-alicloud 4.0.0: 809 data sources and one provider function; pulumi-std 2.3.2: 97 functions.
    assert sum(row.token.startswith("alicloud:") for row in rows) == 809
    assert sum(row.token.startswith("pulumi:providers:alicloud/") for row in rows) == 1
    assert sum(row.token.startswith("std:") for row in rows) == 97


@pytest.mark.parametrize(
    ("token", "kind"),
    [
        ("alicloud:ram/getPolicyDocument:getPolicyDocument", "pure"),
        ("std:index:cidrsubnet", "pure"),
        ("alicloud:rds/getZones:getZones", "offering facts"),
        ("alicloud:polardb/getNodeClasses:getNodeClasses", "offering facts"),
        ("alicloud:resourcemanager/getResourceGroups:getResourceGroups", "account state"),
        # Named like zones, but the account's private DNS zones.
        ("alicloud:pvtz/getZones:getZones", "account state"),
        ("alicloud:sslcertificatesservice/companies:Companies", "account state"),
    ],
)
def test_rows_whose_class_a_user_relies_on(token, kind):
    assert datasources.table()[token].kind == kind


def test_every_pure_and_offering_row_has_an_offline_answer():
    for row in datasources.table().values():
        if row.kind == "pure" and row.token.startswith("std:"):
            name = row.token.rsplit(":", 1)[1]
            assert name in std.functions() or name in std.PLACEHOLDER_FUNCTIONS, row.token
        elif row.kind == "offering facts":
            assert (
                row.token in catalogue.BY_TOKEN
                or row.answer in catalogue.ANSWERS
                or row.answer == "catalogue: region zones"
            ), row.token


def test_the_table_is_one_row_a_line_for_review():
    text = (REPO / "retail_ai_components/preview/data/datasources/table.json").read_text()
    rows = [line for line in text.splitlines() if line.startswith('  {"answer"')]
    assert len(rows) == len(json.loads(text)["rows"])
