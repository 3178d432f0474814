"""``retail-ai cost``: the offline preview's resources, priced.

Exit 0 with an estimate (or a diff within its threshold), 1 when ``--fail-above`` is exceeded, 2 when no
estimate can be made (one message on stderr; ``{"error": ...}`` on stdout with ``--json``).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from .errors import CostError

EXIT_OK = 0
EXIT_OVER_THRESHOLD = 1
EXIT_NO_ESTIMATE = 2


def add_parser(commands: Any) -> None:
    cost = commands.add_parser(
        "cost",
        help="estimate what a stack costs per month, offline, from a dated price table",
        description="Runs the stack's program offline (as `retail-ai preview` does, without policies) and prices "
        "every resource from the checked-in list prices of its region and your usage assumptions.",
    )
    from ..preview.cli import add_project_arguments

    add_project_arguments(cost)
    cost.add_argument("--usage", type=Path, help="usage assumptions and extra prices (YAML or JSON)")
    cost.add_argument(
        "--sync-usage",
        type=Path,
        metavar="FILE",
        help="write FILE as a usage file for this stack: what it sets is kept, every assumption, resource and "
        "missing price is added (commented out)",
    )
    cost.add_argument(
        "--data-sources",
        type=Path,
        metavar="FILE",
        help="answers for data sources (alicloud.get_*) the offline catalogue does not know",
    )
    cost.add_argument(
        "--diff", type=Path, metavar="REPORT.json", help="compare with an earlier `cost --json` report"
    )
    cost.add_argument(
        "--fail-above",
        metavar="AMOUNT",
        help="with --diff: exit 1 when the monthly cost rises by more than AMOUNT USD (250) or percent (10%%)",
    )
    output = cost.add_mutually_exclusive_group()
    output.add_argument(
        "-j", "--json", action="store_true", help="print one JSON document on stdout, nothing else"
    )
    output.add_argument("--markdown", action="store_true", help="print markdown for a pull-request comment")
    cost.add_argument("-d", "--debug", action="store_true", help="show Python tracebacks for errors")


def run(args: argparse.Namespace, progress: Callable[[str], None]) -> int:
    try:
        return _run(args, progress)
    except CostError as exc:
        if args.debug:
            traceback.print_exc()
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"[bold red]error:[/bold red] {escape(str(exc))}"
        )
        if args.json:
            sys.stdout.write(json.dumps({"error": str(exc)}) + "\n")
        return EXIT_NO_ESTIMATE


def _run(args: argparse.Namespace, progress: Callable[[str], None]) -> int:
    from . import diff as diffs
    from .prices import PriceTable, load_price_table
    from .pricing import estimate_resources
    from .report import CostReport, render, render_markdown, to_json
    from .resources import resources_of
    from .usage import load_usage

    if args.fail_above is not None and args.diff is None:
        raise CostError("--fail-above needs --diff (the base report to compare with)")
    threshold = diffs.parse_threshold(args.fail_above) if args.fail_above is not None else None
    usage_path = args.usage
    if usage_path is None and args.sync_usage is not None and args.sync_usage.is_file():
        usage_path = args.sync_usage
    usage = load_usage(usage_path)
    base = diffs.read_report(args.diff) if args.diff else None
    result = _preview(args, progress)
    if not result.region:
        raise CostError("the stack has no alicloud:region; cost needs the region to choose its prices")
    prices = load_price_table(result.region).with_overrides(usage.prices)
    tables: dict[str, PriceTable | None] = {result.region: prices}

    def table(region: str) -> PriceTable | None:
        if region not in tables:
            try:
                tables[region] = load_price_table(region).with_overrides(usage.prices)
            except CostError:
                tables[region] = None
        return tables[region]

    stack = result.run.stack
    estimates = estimate_resources(resources_of(result.run, result.region), table, usage, stack)
    report = CostReport(
        result.run.project,
        stack,
        result.region,
        prices,
        usage,
        estimates,
        {region: t for region, t in tables.items() if t is not None},
    )
    if args.sync_usage is not None:
        from .template import write_usage_template

        missing = write_usage_template(args.sync_usage, estimates, usage)
        progress(f"Wrote {args.sync_usage}: {missing} prices still to supply")
    document = to_json(report)
    for warning in document["warnings"]:
        progress(f"warning: {warning}")
    out = (
        Console(highlight=False)
        if sys.stdout.isatty()
        else Console(highlight=False, width=200, no_color=True)  # a CI log or a PR comment: never wrap at 80
    )
    if base is not None:
        change = diffs.diff(base, diffs.parse_report(document, "this run"), f"--diff {args.diff}")
        if args.json:
            _write_json(diffs.to_json(change))
        elif args.markdown:
            sys.stdout.write(diffs.render_markdown(change))
        else:
            sys.stdout.write(diffs.render_text(change))
        if threshold is not None and threshold.exceeded_by(change):
            progress(
                f"The monthly cost rises by more than {threshold.text()} (--fail-above): {diffs.summary(change)}"
            )
            return EXIT_OVER_THRESHOLD
        return EXIT_OK
    if args.json:
        _write_json(document)
    elif args.markdown:
        sys.stdout.write(render_markdown(report))
    else:
        render(report, out)
    return EXIT_OK


def _write_json(document: dict[str, Any]) -> None:
    # allow_nan=False: a NaN or infinity would make the document invalid JSON; none can reach it, and if one
    # ever did this fails loudly instead.
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True, allow_nan=False) + "\n")


def _preview(args: argparse.Namespace, progress: Callable[[str], None]) -> Any:
    """The stack's run, through the preview's runner without policies: cost's only use of the engine."""
    from ..preview.cli import live_progress, project_dir
    from ..preview.runner import run_preview

    data_sources = args.data_sources.resolve() if args.data_sources is not None else None
    live = live_progress()

    def said(message: str) -> None:
        with live.paused():
            progress(message)

    return run_preview(
        project_dir(args, progress), stack=args.stack, data_sources=data_sources, progress=said, live=live
    )
