"""``retail-ai``: preview a stack and judge it with its policy packs, offline. Exit 0 clean, 1 mandatory
violations, 2 not judged."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from rich.console import Console

from .._version import __version__
from .errors import PreviewError
from .redaction import SECRETS, ReportFileError, check_writable, hide, redacted_standard_streams
from .text import cap_bytes, safe

if TYPE_CHECKING:
    from .packs import PackSpec
    from .runner import PreviewResult

EXIT_OK = 0
EXIT_MANDATORY = 1
EXIT_NOT_JUDGED = 2


class UsageError(PreviewError):
    """Bad command-line arguments (argparse's errors, turned into the exit-2 path with --json support)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _versions() -> str:
    from importlib import metadata  # only for --version: it would cost every command a fiftieth of a second

    parts = [f"retail-ai {__version__}"]
    for dist in ("pulumi", "pulumi-policy", "pulumi-alicloud"):
        try:
            parts.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist} not installed")
    return f"{parts[0]} ({', '.join(parts[1:])})"


class _Version(argparse.Action):
    """``--version``, its text worked out only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        print(_versions())
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="retail-ai", description=__doc__)
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="show the versions of retail-ai and Pulumi and exit"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    preview = commands.add_parser(
        "preview",
        help="run a stack's program offline and judge it with its policy packs",
        description="Runs the Pulumi program of a stack with no cloud account and no Pulumi CLI, then judges "
        "it with the policy packs exactly as `pulumi preview --policy-pack` does.",
    )
    preview.add_argument(
        "--stack", default="dev", help="stack name; config from Pulumi.<stack>.yaml (default: dev)"
    )
    preview.add_argument("--cwd", type=Path, default=Path("."), help="the Pulumi project folder (default: .)")
    preview.add_argument(
        "--policy-pack",
        action="append",
        default=[],
        metavar="DIR",
        help="a policy pack folder; repeat for several (as the Pulumi CLI), or 'none'. Default: policies/ beside "
        "Pulumi.yaml, else the pack bundled with retail-ai-components",
    )
    preview.add_argument(
        "--policy-pack-config",
        action="append",
        default=[],
        metavar="FILE",
        help="JSON config of the pack given by the --policy-pack in the same position (one per pack, as the "
        "Pulumi CLI); with no --policy-pack, one file configures the default pack",
    )
    preview.add_argument(
        "--data-sources",
        type=Path,
        metavar="FILE",
        help="answers for data sources (alicloud.get_*, std.*); they override every offline answer",
    )
    preview.add_argument(
        "--strict-data-sources",
        action="store_true",
        help="refuse data sources that read account state (VPCs, groups, keys, ...) unless --data-sources "
        "answers them, instead of answering with placeholders",
    )
    preview.add_argument("--json", action="store_true", help="print one JSON report on stdout, nothing else")
    preview.add_argument("--sarif", type=Path, metavar="FILE", help="also write a SARIF 2.1.0 log to FILE")
    preview.add_argument(
        "--junit-xml", type=Path, metavar="FILE", help="also write a JUnit XML report to FILE"
    )
    preview.add_argument(
        "--show-outputs", action="store_true", help="show the stack outputs in the text report"
    )
    preview.add_argument("--debug", action="store_true", help="show Python tracebacks for errors")

    pack = commands.add_parser(
        "policy-pack",
        help="write a policy pack folder for the Pulumi CLI (pulumi preview --policy-pack DIR)",
        description="Writes PulumiPolicy.yaml, __main__.py and requirements.txt (pinned to this version) to DIR, "
        "ready for `pulumi preview --policy-pack DIR`.",
    )
    pack.add_argument("dir", type=Path, metavar="DIR")
    pack.add_argument(
        "--requirement",
        metavar="LINE",
        help="the requirements.txt line that installs retail-ai-components (it is not on PyPI): a git URL "
        "('retail-ai-components @ git+https://<host>/<org>/retail-ai-components@v<version>'), a wheel path, or a "
        f"pin your index serves. Default: retail-ai-components=={__version__}",
    )
    pack.add_argument("--force", action="store_true", help="overwrite the files if DIR already has them")
    pack.add_argument("--debug", action="store_true", help="show Python tracebacks for errors")

    from ..cost.cli import add_parser as add_cost_parser

    add_cost_parser(commands)
    return parser


# --------------------------------------------------------------------------- preview


def _run(cwd: Path, args: argparse.Namespace, specs: list[PackSpec], err: Console) -> PreviewResult:
    from .runner import run_preview

    def progress(message: str) -> None:
        err.print(f"[dim]{safe(message)}[/dim]", highlight=False, soft_wrap=True)

    data_sources = args.data_sources.resolve() if args.data_sources is not None else None
    return run_preview(
        cwd,
        stack=args.stack,
        packs=specs,
        data_sources=data_sources,
        strict_data_sources=args.strict_data_sources,
        progress=progress,
    )


def _preview(args: argparse.Namespace, err: Console) -> int:
    from .packs import resolve_packs
    from .project import load_project

    cwd: Path = args.cwd.resolve()
    if args.sarif:
        check_writable("SARIF log", args.sarif)
    if args.junit_xml:
        check_writable("JUnit XML report", args.junit_xml)
    project = load_project(cwd)
    specs, pack_notes = resolve_packs(project.root, args.policy_pack, args.policy_pack_config)
    for note in pack_notes:
        if note.announce:
            err.print(f"[yellow]note:[/yellow] {safe(note.text)}", soft_wrap=True)
    if not specs:
        err.print("[yellow]warning:[/yellow] --policy-pack none: no policy ran", soft_wrap=True)

    result = _run(cwd, args, specs, err)
    # Loaded once the program has run: until it is started, every import here delays it.
    from . import annotations
    from .junit import to_junit, write_junit
    from .report import build, console_for, render, to_json
    from .sarif import to_sarif, write_sarif

    report = build(result, project_root=project.root, notes=pack_notes)
    for note in report.notes:
        if note.warning:
            err.print(f"[yellow]warning:[/yellow] {safe(note.text.strip())}", soft_wrap=True)

    program_file = project.program_dir / "__main__.py"
    if args.sarif:
        write_sarif(args.sarif, to_sarif(report, program_file=program_file))
    if args.junit_xml:
        write_junit(args.junit_xml, to_junit(report))
    if annotations.enabled():
        annotations.emit(sys.stderr, annotations.lines(report, program_file=program_file))

    if args.json:
        # Program output never shares stdout with the JSON document.
        for stream, line in report.program_output:
            err.print(f"[dim]program {stream}:[/dim] {safe(line)}", soft_wrap=True, highlight=False)
        document = to_json(report)
        if report.program_output:
            document["notes"].append(f"The program printed {len(report.program_output)} lines (on stderr).")
        sys.stdout.write(json.dumps(document, indent=2, sort_keys=True) + "\n")
    else:
        render(report, console_for(sys.stdout), show_outputs=args.show_outputs)
    sys.stdout.flush()
    return EXIT_MANDATORY if report.mandatory else EXIT_OK


def _message(exc: BaseException) -> str:
    """An error as every output shows it: secrets hidden, cut to a size a log line can hold."""
    return cap_bytes(hide(str(exc)))


def _not_judged(args: argparse.Namespace | None, message: str, json_mode: bool) -> None:
    """What CI reads when the run could not be judged: the error in every output it asked for."""
    if json_mode:
        sys.stdout.write(json.dumps({"error": message}) + "\n")
        sys.stdout.flush()
    try:
        _failure_reports(args, message)
    except Exception as exc:  # the exit-2 path must not fail itself
        print(f"error: could not write the failure reports: {type(exc).__name__}: {exc}", file=sys.stderr)


def _failure_reports(args: argparse.Namespace | None, message: str) -> None:
    from . import annotations

    if args is not None and getattr(args, "command", None) == "preview":
        from .junit import failed_junit, write_junit
        from .sarif import failed_sarif, write_sarif

        if args.sarif:
            write_sarif(args.sarif, failed_sarif(message))
        if args.junit_xml:
            write_junit(args.junit_xml, failed_junit(message))
    if annotations.enabled():
        annotations.emit(sys.stderr, [annotations.failed(message)])


# --------------------------------------------------------------------------- policy-pack


def _policy_pack(args: argparse.Namespace, err: Console) -> int:
    from .packs import write_pack_folder

    dest: Path = args.dir
    written = write_pack_folder(dest, requirement=args.requirement, force=args.force)
    out = Console(highlight=False, soft_wrap=True)
    for path in written:
        out.print(f"wrote {safe(str(path))}")
    if args.requirement is None:
        err.print(
            "[yellow]note:[/yellow] requirements.txt pins "
            f"retail-ai-components=={__version__}, which is not on PyPI: edit it (or rerun with --requirement) "
            "to a git URL or wheel your CI can install",
            soft_wrap=True,
        )
    out.print(f"next: pulumi preview --policy-pack {safe(str(dest))}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """The command, with everything it writes on stdout and stderr redacted (:mod:`.redaction`)."""
    SECRETS.learn_environment()
    with redacted_standard_streams():
        return _main(argv)


def _main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    json_mode = "--json" in argv
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    args: argparse.Namespace | None = None
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "policy-pack":
            return _policy_pack(args, err)
        if args.command == "cost":
            from ..cost.cli import run as run_cost

            return run_cost(args, lambda message: err.print(f"[dim]{safe(message)}[/dim]", highlight=False))
        return _preview(args, err)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        err.print(f"[bold red]error:[/bold red] {safe(_message(exc))}")
        _not_judged(args, _message(exc), json_mode)
        return EXIT_NOT_JUDGED
    except PreviewError as exc:
        if args is not None and args.debug:
            traceback.print_exception(exc.__cause__ or exc, file=sys.stderr)
        if isinstance(exc, ReportFileError) and args is not None:
            # Its one error names the path; the failure reports are not tried there again.
            for option in ("sarif", "junit_xml"):
                if getattr(args, option, None) == exc.path:
                    setattr(args, option, None)
        err.print(f"[bold red]error:[/bold red] {safe(_message(exc))}")
        _not_judged(args, _message(exc), json_mode)
        return EXIT_NOT_JUDGED
    except KeyboardInterrupt:
        err.print("interrupted")
        _not_judged(args, "interrupted", json_mode)
        return EXIT_NOT_JUDGED
    except Exception as exc:  # a bug in the preview itself must still exit 2, not look like a verdict
        if args is not None and getattr(args, "debug", False):
            traceback.print_exc()
        message = cap_bytes(hide(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)"))
        err.print(f"[bold red]error:[/bold red] {safe(message)}")
        _not_judged(args, message, json_mode)
        return EXIT_NOT_JUDGED


if __name__ == "__main__":
    sys.exit(main())
