"""``retail-ai cost``: the offline preview's resources, priced. Exit 0 on an estimate, 2 when none can be made."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from ..preview.errors import PreviewError


def add_parser(commands: Any) -> None:
    cost = commands.add_parser(
        "cost",
        help="estimate what a stack costs per month, offline, from a dated price table",
        description="Runs the stack's program offline (as `retail-ai preview` does, without policies) and prices "
        "every resource from the region's checked-in list prices and your usage assumptions.",
    )
    cost.add_argument("--stack", default="dev", help="stack name (default: dev)")
    cost.add_argument("--cwd", type=Path, default=Path("."), help="the Pulumi project folder (default: .)")
    cost.add_argument("--usage", type=Path, help="usage assumptions and extra prices (YAML or JSON)")
    cost.add_argument(
        "--data-sources",
        type=Path,
        metavar="FILE",
        help="answers for data sources (alicloud.get_*) the offline catalogue does not know",
    )
    cost.add_argument(
        "--diff", type=Path, metavar="REPORT.json", help="compare with an earlier `cost --json` report"
    )
    cost.add_argument("--json", action="store_true", help="print one JSON document on stdout, nothing else")
    cost.add_argument("--debug", action="store_true", help="show Python tracebacks for errors")


def run(args: argparse.Namespace, progress: Callable[[str], None]) -> int:
    from ..preview.runner import run_preview
    from .prices import load_price_table
    from .pricing import estimate_resources
    from .report import CostReport, diff, diff_to_json, render, render_diff, to_json
    from .usage import load_usage

    usage = load_usage(args.usage)
    old = _read_report(args.diff) if args.diff else None
    data_sources = args.data_sources.resolve() if args.data_sources is not None else None
    result = run_preview(args.cwd.resolve(), stack=args.stack, data_sources=data_sources, progress=progress)
    region = result.region
    if not region:
        raise PreviewError(
            "the stack has no alicloud:region; cost needs the region to choose its price table"
        )
    prices = load_price_table(region).with_overrides(usage.prices)
    report = CostReport(
        project=result.run.project,
        stack=result.run.stack,
        region=region,
        prices=prices,
        usage=usage,
        estimates=estimate_resources(result.run.resources, prices, usage),
    )
    # A CI log or a pull-request comment is not a terminal: never wrap it at 80 columns.
    out = (
        Console(highlight=False)
        if sys.stdout.isatty()
        else Console(highlight=False, width=200, no_color=True)
    )
    if old is not None:
        try:
            changes, total = diff(old, to_json(report))
        except ValueError as exc:
            raise PreviewError(f"--diff {args.diff}: {exc}") from None
        if args.json:
            sys.stdout.write(json.dumps(diff_to_json(changes, total, prices.currency), indent=2) + "\n")
        else:
            render_diff(changes, total, out)
        return 0
    if args.json:
        sys.stdout.write(json.dumps(to_json(report), indent=2) + "\n")
    else:
        render(report, out)
    return 0


def _read_report(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PreviewError(f"--diff {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise PreviewError(f"--diff {path}: not JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise PreviewError(f"--diff {path}: not a `retail-ai cost --json` report")
    return doc
