"""`retail-ai cost` on the reference stacks, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retail_ai_components.preview.cli import main

ROOT = Path(__file__).resolve().parents[2]


def cost_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["cost", "--cwd", str(ROOT), "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_prod_total_is_the_sum_of_its_rows_and_the_gpu_pool_shows_the_spot_saving(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = cost_json(capsys, "--stack", "prod")
    assert report["currency"] == "USD" and report["region"] == "cn-hangzhou" and report["priceTableDate"]
    rows = report["resources"]
    assert report["total"]["monthly"] == round(sum(r["monthly"] or 0 for r in rows), 2)
    (gpu,) = [r for r in rows if r["urn"].endswith("::retail-prod-training-gpu")]
    # 4 nodes max, 25 % on average = 1 node, 730 h at the table's $28/h; spot at 0.2 of that.
    assert gpu["monthlyOnDemand"] == 20440.0 and gpu["monthly"] == 4088.0
    unpriced = [r for r in rows if r["monthly"] is None]
    assert unpriced and all(r["unpriced"] for r in unpriced)


def test_dev_stack_is_priced_too(capsys: pytest.CaptureFixture[str]) -> None:
    report = cost_json(capsys, "--stack", "dev")
    assert report["stack"] == "dev" and report["total"]["monthly"] > 0


def test_diff_shows_what_a_change_adds_per_month(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tmp_path / "before.json"
    before.write_text(json.dumps(cost_json(capsys, "--stack", "prod")))
    usage = tmp_path / "usage.yaml"
    usage.write_text('resources:\n  "*-training-gpu": {gpu_pool_utilisation: 0.5}\n')
    changed = cost_json(capsys, "--stack", "prod", "--usage", str(usage), "--diff", str(before))
    assert changed["total"]["delta"] == 4088.0
    (change,) = changed["changes"]
    assert (
        change["urn"].endswith("::retail-prod-training-gpu")
        and change["before"] == 4088.0
        and change["after"] == 8176.0
    )
    assert (
        main(["cost", "--cwd", str(ROOT), "--stack", "prod", "--usage", str(usage), "--diff", str(before)])
        == 0
    )
    assert "Monthly cost change: +$4,088.00" in capsys.readouterr().out


def test_a_bad_usage_file_is_exit_2_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usage = tmp_path / "usage.yaml"
    usage.write_text("defaults: {gpu_pool_utilisation: 3}\n")
    assert main(["cost", "--cwd", str(ROOT), "--stack", "prod", "--usage", str(usage), "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert "gpu_pool_utilisation" in out["error"]
