"""``retail-ai preview``: a stack and its policies, offline. Exit 0 clean, 1 mandatory violations, 2 not judged."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .errors import PreviewError

EXIT_OK = 0
EXIT_MANDATORY = 1
EXIT_NOT_JUDGED = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="retail-ai", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    preview = commands.add_parser(
        "preview",
        help="run a stack under Pulumi's mock runtime and its policy pack through the real analyzer",
        description="Runs the Pulumi program for a stack with no cloud account and no Pulumi CLI, then "
        "evaluates the policy pack exactly as `pulumi preview --policy-pack` does.",
    )
    preview.add_argument(
        "--stack", default="dev", help="stack name; config from Pulumi.<stack>.yaml (default: dev)"
    )
    preview.add_argument("--cwd", type=Path, default=Path("."), help="the Pulumi project folder (default: .)")
    preview.add_argument(
        "--policy-pack",
        help="policy pack folder, or 'none' (default: policies/ beside Pulumi.yaml)",
    )
    preview.add_argument(
        "--policy-pack-config", type=Path, help="JSON config for the pack, as for the Pulumi CLI"
    )
    preview.add_argument("--json", action="store_true", help="print one JSON report on stdout, nothing else")
    preview.add_argument("--debug", action="store_true", help="show Python tracebacks for errors")
    from ..cost.cli import add_parser as add_cost_parser

    add_cost_parser(commands)
    return parser


def _preview(args: argparse.Namespace, err: Console) -> int:
    from .report import render, to_json
    from .runner import default_policy_pack, run_preview

    cwd: Path = args.cwd.resolve()
    if args.policy_pack == "none":
        pack = None
    elif args.policy_pack:
        pack = Path(args.policy_pack).resolve()
        if not pack.is_dir():
            raise PreviewError(f"--policy-pack {args.policy_pack}: no such folder")
    else:
        pack = default_policy_pack(cwd)
        if pack is None:
            err.print(
                f"[yellow]warning:[/yellow] no policies/ folder beside {cwd / 'Pulumi.yaml'}; running no policies"
            )
    if args.policy_pack_config and pack is None:
        raise PreviewError("--policy-pack-config needs a policy pack")

    result = run_preview(
        cwd,
        stack=args.stack,
        policy_pack=pack,
        policy_pack_config=args.policy_pack_config,
        progress=lambda message: err.print(f"[dim]{message}[/dim]", highlight=False),
    )
    if args.json:
        sys.stdout.write(json.dumps(to_json(result), indent=2, sort_keys=True) + "\n")
    else:
        render(result, Console(highlight=False))
    return EXIT_MANDATORY if result.mandatory else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    err = Console(stderr=True, highlight=False)
    try:
        if args.command == "cost":
            from ..cost.cli import run as run_cost

            return run_cost(args, lambda message: err.print(f"[dim]{escape(message)}[/dim]", highlight=False))
        return _preview(args, err)
    except PreviewError as exc:
        if getattr(args, "debug", False):
            traceback.print_exception(exc.__cause__ or exc, file=sys.stderr)
        if args.json:
            sys.stdout.write(json.dumps({"error": str(exc)}) + "\n")
        err.print(f"[bold red]error:[/bold red] {escape(str(exc))}", soft_wrap=True)
        return EXIT_NOT_JUDGED
    except KeyboardInterrupt:
        err.print("interrupted")
        return EXIT_NOT_JUDGED
    except Exception as exc:  # a bug in the preview itself must still exit 2, not look like a verdict
        if getattr(args, "debug", False):
            traceback.print_exc()
        err.print(
            f"[bold red]error:[/bold red] internal error: {type(exc).__name__}: {escape(str(exc))} (rerun with --debug)",
            soft_wrap=True,
        )
        return EXIT_NOT_JUDGED


if __name__ == "__main__":
    sys.exit(main())
