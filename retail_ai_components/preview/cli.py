"""``retail-ai``: preview a stack and judge it with its policy packs, offline. Exit 0 clean, 1 mandatory
violations, 2 not judged."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from rich.console import Console

from .._version import __version__
from .errors import PreviewError
from .redaction import SECRETS, hide, redacted_standard_streams
from .report_files import ReportPathError, ReportTarget, report_requests
from .text import cap_bytes, safe

if TYPE_CHECKING:
    from .packs import PackSpec
    from .progress import ProgressLine
    from .runner import PreviewResult

EXIT_OK = 0
EXIT_MANDATORY = 1
EXIT_NOT_JUDGED = 2


class UsageError(PreviewError):
    """Bad command-line arguments (argparse's errors, turned into the exit-2 path with --json support)."""


def _check_report_targets(args: argparse.Namespace) -> None:
    """Before anything runs: at most one document on stdout, and every report file writable."""
    requests = report_requests(args)
    on_stdout = (["--json"] if args.json else []) + [f"{r.flag} -" for r in requests if r.stdout]
    if len(on_stdout) > 1:
        raise UsageError(
            f"only one of {', '.join(on_stdout)} can write to stdout, which carries one document: give the "
            "others a file (for example --sarif preview.sarif)"
        )
    for request in requests:
        request.check()


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


def add_project_arguments(command: argparse.ArgumentParser) -> None:
    """``-s/--stack`` and ``-C/--cwd``, spelled as the Pulumi CLI spells them."""
    command.add_argument(
        "-s", "--stack", default="dev", help="stack name; config from Pulumi.<stack>.yaml (default: dev)"
    )
    command.add_argument(
        "-C",
        "--cwd",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="where to look for the Pulumi project: the nearest Pulumi.yaml in DIR or a folder above it, as "
        "the Pulumi CLI looks (default: the current folder)",
    )


def project_dir(args: argparse.Namespace, progress: Callable[[str], None]) -> Path:
    """The project's folder: the nearest Pulumi.yaml at or above ``--cwd``, said when it is above."""
    from .project import detect_project_dir

    start = Path(os.path.abspath(args.cwd))
    found = detect_project_dir(start)
    if found != start:
        progress(f"Project {found} (the nearest Pulumi.yaml above {start})")
    return found


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
    add_project_arguments(preview)
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
    preview.add_argument(
        "-j", "--json", action="store_true", help="print one JSON report on stdout, nothing else"
    )
    preview.add_argument(
        "--sarif",
        type=ReportTarget,
        metavar="FILE",
        help="also write a SARIF 2.1.0 log to FILE; '-' for stdout (then the text report goes to stderr)",
    )
    preview.add_argument(
        "--junit-xml",
        type=ReportTarget,
        metavar="FILE",
        help="also write a JUnit XML report to FILE; '-' for stdout (then the text report goes to stderr)",
    )
    preview.add_argument(
        "--show-outputs", action="store_true", help="show the stack outputs in the text report"
    )
    preview.add_argument("-d", "--debug", action="store_true", help="show Python tracebacks for errors")

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


def progress_printer(err: Console, live: ProgressLine | None = None) -> Callable[[str], None]:
    """The run's messages on stderr, dimmed, the live progress line paused around each."""

    def progress(message: str) -> None:
        if live is None:
            err.print(f"[dim]{safe(message)}[/dim]", highlight=False, soft_wrap=True)
            return
        with live.paused():
            err.print(f"[dim]{safe(message)}[/dim]", highlight=False, soft_wrap=True)

    return progress


def live_progress() -> ProgressLine:
    """The progress line of a run, on stderr: rewritten in place only on a terminal that can erase a line."""
    from .progress import ProgressLine

    return ProgressLine(sys.stderr, tty=sys.stderr.isatty() and os.environ.get("TERM") != "dumb")


def _run(cwd: Path, args: argparse.Namespace, specs: list[PackSpec], err: Console) -> PreviewResult:
    from .runner import run_preview

    live = live_progress()
    data_sources = args.data_sources.resolve() if args.data_sources is not None else None
    return run_preview(
        cwd,
        stack=args.stack,
        packs=specs,
        data_sources=data_sources,
        strict_data_sources=args.strict_data_sources,
        progress=progress_printer(err, live),
        live=live,
    )


def _preview(args: argparse.Namespace, err: Console) -> int:
    from .locations import repository_root
    from .packs import resolve_packs
    from .project import load_project

    _check_report_targets(args)
    cwd = project_dir(args, progress_printer(err))
    project = load_project(cwd)
    specs, pack_notes = resolve_packs(project.root, args.policy_pack, args.policy_pack_config)
    for note in pack_notes:
        if note.announce:
            err.print(f"[yellow]note:[/yellow] {safe(note.text)}", soft_wrap=True)
    if not specs:
        err.print("[yellow]warning:[/yellow] --policy-pack none: no policy ran", soft_wrap=True)

    result = _run(cwd, args, specs, err)
    # Loaded once the program has run: until it is started, every import here delays it.
    from . import annotations, step_summary
    from .junit import junit_text, to_junit
    from .report import build, console_for, render, to_json
    from .sarif import sarif_text, to_sarif

    report = build(result, project_root=project.root, notes=pack_notes)
    for note in report.notes:
        if note.warning:
            err.print(f"[yellow]warning:[/yellow] {safe(note.text.strip())}", soft_wrap=True)

    root = repository_root(project.root)
    program_file = project.program_dir / "__main__.py"
    texts = {
        "--sarif": lambda: sarif_text(to_sarif(report, root=root, program_file=program_file)),
        "--junit-xml": lambda: junit_text(to_junit(report, root=root, program_file=program_file)),
    }
    for request in report_requests(args):
        request.write(texts[request.flag]())
    if annotations.enabled():
        annotations.emit(sys.stderr, annotations.lines(report, root=root, program_file=program_file))
    summary = step_summary.target()
    if summary is not None:
        _append_summary(summary, step_summary.markdown(report, root=root, program_file=program_file), err)

    if args.json:
        # Program output never shares stdout with the JSON document.
        for stream, line in report.program_output:
            err.print(f"[dim]program {stream}:[/dim] {safe(line)}", soft_wrap=True, highlight=False)
        document = to_json(report)
        if report.program_output:
            document["notes"].append(f"The program printed {len(report.program_output)} lines (on stderr).")
        sys.stdout.write(json.dumps(document, indent=2, sort_keys=True) + "\n")
    elif any(request.stdout for request in report_requests(args)):
        # stdout carries the SARIF or JUnit document, nothing else; the person reads stderr.
        render(report, console_for(sys.stderr, stderr=True), show_outputs=args.show_outputs)
    else:
        render(report, console_for(sys.stdout), show_outputs=args.show_outputs)
    sys.stdout.flush()
    return EXIT_MANDATORY if report.mandatory else EXIT_OK


def _message(exc: BaseException) -> str:
    """An error as every output shows it: secrets hidden, cut to a size a log line can hold."""
    return cap_bytes(hide(str(exc)))


def _append_summary(path: Path, text: str, err: Console) -> None:
    """The job summary is a courtesy: a runner that cannot take it gets a warning, the verdict stands."""
    from . import step_summary

    try:
        step_summary.append(path, text)
    except OSError as exc:
        err.print(
            f"[yellow]warning:[/yellow] could not append the job summary to {safe(str(path))} "
            f"(GITHUB_STEP_SUMMARY): {safe(exc.strerror or str(exc))}",
            soft_wrap=True,
        )


def _not_judged(args: argparse.Namespace | None, message: str, json_mode: bool) -> None:
    """What CI reads when the run could not be judged: the error in every output it asked for."""
    if json_mode:
        sys.stdout.write(json.dumps({"error": message}) + "\n")
        sys.stdout.flush()
    try:
        _failure_reports(args, message, json_mode)
    except Exception as exc:  # the exit-2 path must not fail itself
        print(f"error: could not write the failure reports: {type(exc).__name__}: {exc}", file=sys.stderr)


def _failure_reports(args: argparse.Namespace | None, message: str, json_mode: bool) -> None:
    """The failure in each report asked for, except where it cannot go: a file the error is about, or
    stdout when it already carries the JSON error document."""
    from . import annotations, step_summary

    if args is not None and getattr(args, "command", None) == "preview":
        from .junit import failed_junit, junit_text
        from .locations import repository_root
        from .sarif import failed_sarif, sarif_text

        root = repository_root(args.cwd)
        texts = {
            "--sarif": lambda: sarif_text(failed_sarif(message, root=root)),
            "--junit-xml": lambda: junit_text(failed_junit(message)),
        }
        stdout_taken = json_mode
        for request in report_requests(args):
            if request.stdout:
                if stdout_taken:
                    continue
                stdout_taken = True
            elif request.problem() is not None:
                continue
            try:
                request.write(texts[request.flag]())
            except ReportPathError as exc:
                print(f"error: {exc}", file=sys.stderr)
    if annotations.enabled():
        annotations.emit(sys.stderr, [annotations.failed(message)])
    summary = step_summary.target()
    if summary is not None:
        _append_summary(summary, step_summary.failed_markdown(message), Console(stderr=True))


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


def _json_requested(argv: list[str]) -> bool:
    """Whether the command line asks for --json, read before (or without) a successful parse."""
    for token in argv:
        if token == "--":
            return False
        if token == "--json" or (
            token.startswith("-")
            and not token.startswith("--")
            and "j" in token
            and set(token[1:]) <= {"j", "d"}
        ):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    """The command, with everything it writes on stdout and stderr redacted (:mod:`.redaction`)."""
    SECRETS.learn_environment()
    with redacted_standard_streams():
        return _main(argv)


def _main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    json_mode = _json_requested(argv)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    args: argparse.Namespace | None = None
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        json_mode = bool(getattr(args, "json", False))
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
