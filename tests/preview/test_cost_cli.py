"""`retail-ai cost` on the reference stacks, through the CLI."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from retail_ai_components.preview.cli import main

pytestmark = pytest.mark.slow  # `retail-ai cost` runs the reference program in a subprocess

ROOT = Path(__file__).resolve().parents[2]

# Prices the reference prod stacks need that could not be read from an Alibaba Cloud page: the documented gaps
# of docs/cost.md (each with the page checked for it), each supplied by a usage file under this key. The
# platform layer (the project at the root) and the apps layer (stacks/apps) are priced each in its own run.
PLATFORM_GAPS = {
    "ack.control-plane.xlarge",
    "actiontrail.trail",
    "cfg.rule",
    "cr.ee.standard/subscription",
    "ecs.g7.2xlarge",
    "ecs.g7.xlarge",
    "ecs.gn7e-c16g1.32xlarge",
    "eip.traffic",
    "flink.cu/subscription",
    "milvus.cu",
    "oss.storage.standard.zrs",
    "tair.scm.standard.2m.8d/subscription",
}
APPS_GAPS = {"arms.grafana.experts_edition", "eas.ecs.c7.4xlarge", "eci.imagecache"}


def cost(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    assert main(["cost", "--cwd", str(ROOT), *args]) == code
    return capsys.readouterr().out


def cost_json(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> Any:
    return json.loads(cost(capsys, "--json", *args, code=code))


@pytest.fixture(scope="module")
def prod_report() -> dict[str, Any]:
    """One prod run shared by the tests that only read it (each run is the whole program, offline)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["cost", "--cwd", str(ROOT), "--stack", "prod", "--json"]) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def apps_prod_report() -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["cost", "--cwd", str(ROOT / "stacks" / "apps"), "--stack", "prod", "--json"]) == 0
    return json.loads(out.getvalue())


def missing_keys(report: dict[str, Any]) -> set[str]:
    return {
        c["priceKey"]
        for r in report["resources"]
        for c in r["costComponents"]
        if c["monthly"] is None and "priceKey" in c
    }


def test_prod_report_keeps_the_contract_and_says_what_its_total_leaves_out(
    prod_report: dict[str, Any], apps_prod_report: dict[str, Any]
) -> None:
    report = prod_report
    assert report["formatVersion"] == 1
    assert report["currency"] == "USD" and report["region"] == "cn-hangzhou" and report["priceTableDate"]
    rows = report["resources"]
    assert [r["urn"] for r in rows] == sorted(r["urn"] for r in rows)
    assert all({"urn", "type", "monthly", "basis"} <= r.keys() for r in rows)
    assert report["total"]["monthly"] == round(sum(r["monthly"] or 0 for r in rows), 2)
    unpriced = [r for r in rows if r["status"] == "unpriced"]
    partial = [r for r in rows if r["status"] == "partial"]
    assert report["total"]["unpricedResources"] == len(unpriced) > 0
    assert report["total"]["partiallyPricedResources"] == len(partial)
    assert report["total"]["lowerBound"] is True
    assert all(r["monthly"] is None and r["unpriced"] for r in unpriced)
    # Every figure is traceable: each price used names its page, billing method and the day it was read.
    assert report["prices"] and all(p["url"].startswith("https://") and p["read"] for p in report["prices"])
    # The gaps are the documented ones, no more, in the layer that has them.
    assert missing_keys(report) == PLATFORM_GAPS
    assert missing_keys(apps_prod_report) == APPS_GAPS
    nat = next(r for r in rows if r["urn"].endswith("::retail-prod-network-nat-cn-hangzhou-i"))
    assert nat["status"] == "priced" and nat["monthly"] == 49.64  # 730 h x $0.034 + 1 CU x 730 h x $0.034
    gpu = next(r for r in rows if r["urn"].endswith("::retail-prod-training-gpu"))
    # Its disks are priced (PL1 ESSD), its GPU instances are not: a lower bound, never a guess.
    assert gpu["status"] == "partial" and "ecs.gn7e-c16g1.32xlarge" in gpu["unpriced"]
    assert report["components"]["retail-prod-vectors"]["lowerBound"] is True


def test_prod_keys_the_table_now_prices_resolve_with_their_page(prod_report: dict[str, Any]) -> None:
    # Keys that were gaps and are priced now (NAT CU, EIP configuration fee, active shards, PL1 ESSDs), each
    # from the page its price row names: the report lists that page with the figure it used.
    rows = {r["urn"].rsplit("::", 1)[-1]: r for r in prod_report["resources"]}
    used = {p["key"]: p for p in prod_report["prices"]}
    expected = {
        "nat.internet.cu": (0.034, "hour", "https://github.com/AlibabaCloudDocs/nat/"),
        "eip.config": (0.0031, "hour", "https://github.com/AlibabaCloudDocs/eip/"),
        "sls.shard": (0.01, "day", "https://github.com/AlibabaCloudDocs/sls/"),
        "disk.cloud_essd.pl1": (0.00032, "gb-hour", "https://github.com/AlibabaCloudDocs/ecs/"),
    }
    for key, (price, unit, page) in expected.items():
        assert (used[key]["price"], used[key]["unit"], used[key]["region"]) == (price, unit, "cn-hangzhou")
        assert used[key]["url"].startswith(page) and used[key]["read"] == "2026-12-08"
        assert used[key]["billing"] == "PayAsYouGo"
    nat = rows["retail-prod-network-nat-cn-hangzhou-i"]["costComponents"]
    assert nat[1] == {
        "name": "capacity units",
        "monthly": 24.82,
        "basis": "1 CU x 730 h x $0.034/hour [nat.internet.cu]",
        "priceKey": "nat.internet.cu",
    }
    eip = rows["retail-prod-network-nat-eip-cn-hangzhou-i"]
    # The configuration fee is priced; its internet data transfer (CDT tiers) is not.
    assert eip["status"] == "partial" and eip["monthly"] == 2.26
    baseline = rows["retail-prod-cluster-baseline"]["costComponents"]
    assert baseline[1]["basis"] == "3 x 120 GB x $0.00032/gb-hour [disk.cloud_essd.pl1]"
    assert baseline[1]["monthly"] == 84.1
    logstore = rows["retail-prod-features-logstore"]
    assert logstore["status"] == "priced" and "unpriced" not in logstore
    shards = next(c for c in logstore["costComponents"] if c["name"] == "active shards")
    assert shards == {
        "name": "active shards",
        "monthly": 12.17,
        "basis": "40 shards x 30.4167 days x $0.01/day [sls.shard]",
        "priceKey": "sls.shard",
    }


def test_with_the_gaps_supplied_prod_is_fully_priced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], prod_report: dict[str, Any]
) -> None:
    usage = tmp_path / "usage.yaml"
    assert main(["cost", "--cwd", str(ROOT), "--stack", "prod", "--sync-usage", str(usage)]) == 0
    capsys.readouterr()
    wanted = dict(re.findall(r"^  # (\S+): \{price: , unit: (\S+)\}  # needed by", usage.read_text(), re.M))
    assert set(wanted) == PLATFORM_GAPS
    # Every missing price at $1 in the unit the template asks for, as a team fills in its own figures.
    usage.write_text(
        "prices:\n" + "".join(f"  {key}: {{price: 1, unit: {unit}}}\n" for key, unit in wanted.items())
    )
    report = cost_json(capsys, "--stack", "prod", "--usage", str(usage))
    assert report["total"]["lowerBound"] is False and report["total"]["unpricedResources"] == 0
    # $1 a month per subscription: 4 Tair shards, 34 Flink CUs; $1 an hour per GPU node: 730 x 1 node x 0.2.
    by_name = {r["urn"].rsplit("::", 1)[-1]: r for r in report["resources"]}
    assert by_name["retail-prod-features-tair"]["monthly"] == 4.0
    assert by_name["retail-prod-features-flink"]["monthly"] == 34.0
    gpu = by_name["retail-prod-training-gpu"]
    assert gpu["costComponents"][0] == {
        "name": "instances (spot)",
        "monthly": 146.0,
        "basis": "ecs.gn7e-c16g1.32xlarge: 0 + 0.25 x (4 - 0) = 1 nodes on average x 730 h x spot at 0.2 of "
        "on-demand $1/hour [ecs.gn7e-c16g1.32xlarge] ($730.00 on demand)",
        "priceKey": "ecs.gn7e-c16g1.32xlarge",
    }


def test_diff_dev_against_prod_matches_resources_by_logical_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], prod_report: dict[str, Any]
) -> None:
    base = tmp_path / "dev.json"
    base.write_text(cost(capsys, "--stack", "dev", "--json"))
    change = cost_json(capsys, "--stack", "prod", "--diff", str(base))
    by_action: dict[str, list[str]] = {}
    for c in change["changes"]:
        by_action.setdefault(c["action"], []).append(c["urn"].rsplit("::", 1)[-1])
    # Prod has three zones, each with its NAT gateway, where dev has one zone and one NAT gateway (for its CI
    # runner): what is added is that, and nothing is removed.
    assert "removed" not in by_action
    assert "retail-prod-network-nat-cn-hangzhou-j" in by_action["added"]
    assert "retail-prod-network-nat-cn-hangzhou-i" not in by_action["added"]
    assert "retail-prod-features-tair" in by_action["changed"]  # the same resource, bigger
    assert change["total"]["after"] == prod_report["total"]["monthly"]
    assert change["total"]["percent"] == round(100 * change["total"]["delta"] / change["total"]["before"], 1)


def test_diff_as_a_pull_request_comment_and_the_threshold_that_fails_the_job(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], prod_report: dict[str, Any]
) -> None:
    before = tmp_path / "before.json"
    before.write_text(json.dumps(prod_report))
    usage = tmp_path / "usage.yaml"
    usage.write_text("prices:\n  eip.traffic: {price: 0.1, unit: gb}\n")
    # One run: the comment is printed, and the job fails since the rise is above $20 (exit 1).
    markdown = cost(
        capsys,
        "--stack",
        "prod",
        "--usage",
        str(usage),
        "--diff",
        str(before),
        "--markdown",
        "--fail-above",
        "20",
        code=1,
    )
    # The three NAT EIPs' internet data transfer went from unpriced to 100 GB x $0.1 = $10.00 each.
    assert "+$30.00" in markdown.splitlines()[0] and "3 changed" in markdown.splitlines()[0]
    assert (
        "| changed | `retail-prod-network-nat-eip-cn-hangzhou-i`<br>partial -> priced<br>internet data transfer: "
        "unpriced -> $10.00 | alicloud:ecs/eipAddress:EipAddress | ≥ $2.26 | $12.26 | +$10.00 |"
    ) in markdown


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{}", "--diff {path}: not a `retail-ai cost --json` report: currency: Field required"),
        ("[1, 2]", "--diff {path}: not a `retail-ai cost --json` report (a JSON object)"),
        ("not json", "--diff {path}: not JSON"),
    ],
)
def test_a_malformed_base_report_is_exit_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    base = tmp_path / "base.json"
    base.write_text(content)
    out = cost_json(capsys, "--stack", "dev", "--diff", str(base), code=2)
    assert out["error"].startswith(message.format(path=base)) and "internal error" not in out["error"]


def test_a_bad_usage_file_is_exit_2_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usage = tmp_path / "usage.yaml"
    usage.write_text("defaults: {gpu_pool_utilisation: .inf}\n")
    out = cost_json(capsys, "--stack", "prod", "--usage", str(usage), code=2)
    assert out == {
        "error": "--usage defaults.gpu_pool_utilisation: must be a finite number (not NaN or infinity)"
    }


def test_fail_above_needs_a_base(capsys: pytest.CaptureFixture[str]) -> None:
    out = cost_json(capsys, "--stack", "dev", "--fail-above", "10", code=2)
    assert out == {"error": "--fail-above needs --diff (the base report to compare with)"}
