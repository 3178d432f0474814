"""GitHub Actions annotations: one ``::error`` / ``::warning`` / ``::notice`` workflow command per violation.

Written when ``GITHUB_ACTIONS=true``, always to **stderr**. GitHub documents workflow commands on stdout, but
the runner parses both streams of a ``run:`` step for them (actions/runner, ScriptHandler: stdout and stderr
each go through the same command-parsing OutputManager), and stderr keeps them out of ``--json`` output and
out of a text report redirected to a file.

A file is named relative to the repository's root (:mod:`.locations`), as GitHub needs to place the annotation
on the pull request's diff, wherever the step started the tool.

Values are escaped as the runner unescapes them (``%`` ``\\r`` ``\\n`` everywhere, ``:`` and ``,`` in
properties), so a message from a program can neither end the command early nor inject another one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from .locations import display_path
from .report import Report
from .text import printable

COMMANDS = {"mandatory": "error", "advisory": "warning", "remediate": "notice"}


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    return (environ if environ is not None else os.environ).get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def lines(report: Report, *, root: Path, program_file: Path | None = None) -> list[str]:
    """One workflow command per violation and warning note; files relative to ``root`` (the repository's)."""
    result = []
    for v in report.violations:
        command = COMMANDS.get(v.enforcement_level, "warning")
        props: list[str] = []
        if v.source is not None:
            props += [
                f"file={escape_property(display_path(v.source[0], root))}",
                f"line={max(1, v.source[1])}",
            ]
        elif program_file is not None:
            props.append(f"file={escape_property(display_path(program_file, root))}")
        where = v.resource_name or f"stack {report.stack}"
        props.append(f"title={escape_property(printable(f'{v.policy} ({v.enforcement_level}): {where}'))}")
        text = v.detail
        if v.urn:
            text += f"\nresource: {v.urn}"
        if v.remediation.strip():
            text += f"\nfix: {v.remediation.strip()}"
        result.append(f"::{command} {','.join(props)}::{escape_data(printable(text))}")
    for note in report.notes:
        if note.warning:
            result.append(f"::warning title=retail-ai preview::{escape_data(printable(str(note)))}")
    return result


def failed(message: str) -> str:
    return f"::error title=retail-ai preview could not judge the stack::{escape_data(printable(message))}"


def emit(stream: TextIO, commands: list[str]) -> None:
    for command in commands:
        stream.write(command + "\n")
    stream.flush()
