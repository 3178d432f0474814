"""The GitHub Actions job summary: markdown appended to the file named by ``$GITHUB_STEP_SUMMARY``.

Written under Actions only (``GITHUB_ACTIONS=true`` and the variable set): the verdict, the counts, the
failing policies and the violations as a table, at the top of the run's page, where a reviewer looks first.
Every step of a job appends to the same file, so each preview (a matrix of layers and stacks) adds its own
section, headed by project and stack.

Everything in it comes from the report's view, in which secrets are already hidden; it passes the report's
hider once more on the way out, like every other output. Text a program or a pack controls (names,
messages) is escaped as markdown, so it can neither break the table nor inject links, images or HTML.
GitHub refuses a summary over 1 MiB; the table stops at :data:`MAX_ROWS` and says how many it left out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from . import redaction
from .locations import finding_place
from .report import Report
from .text import printable

MAX_ROWS = 200
# What acts inside a line of GitHub's markdown: code, emphasis, links and images ([, ]), HTML and entities,
# tables, strikethrough, math. Nothing here starts a line with text from a run, so block markers (#, -, 1.)
# cannot act.
_ACTIVE = frozenset("\\`*_[]<>|&~$")


def target(environ: Mapping[str, str] | None = None) -> Path | None:
    """The summary file when running under GitHub Actions, else ``None``."""
    env = os.environ if environ is None else environ
    path = env.get("GITHUB_STEP_SUMMARY", "")
    return Path(path) if env.get("GITHUB_ACTIONS") == "true" and path else None


def escape(text: str) -> str:
    """Literal text inside a markdown line (a table cell): each character that could act there is
    backslash-escaped, as CommonMark lets any ASCII punctuation be, so no ``|``, ``<tag>``, ``[link](...)``
    or ``*`` acts; line breaks become ``<br>``."""
    out: list[str] = []
    for char in printable(text):
        if char == "\n":
            out.append("<br>")
        elif char in _ACTIVE:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def markdown(report: Report, *, root: Path, program_file: Path | None = None) -> str:
    """The summary of a judged run (exit 0 or 1)."""
    hide: Callable[[str], str] = report.hide

    def cell(text: str) -> str:
        return escape(hide(text)) if text else ""

    verdict = "FAIL" if report.mandatory else "PASS"
    lines = [
        f"### retail-ai preview: {verdict}, {cell(report.project)} / {cell(report.stack)}",
        "",
        "| resources | mandatory | advisory | not applicable |",
        "|---:|---:|---:|---:|",
        f"| {len(report.resources)} | {report.mandatory} | {report.advisory} | {len(report.not_applicable)} |",
        "",
    ]
    if report.packs:
        packs = ", ".join(cell(f"{p.name} {p.version}".strip()) for p in report.packs)
        lines += [f"Judged by {packs} in region {cell(report.region or 'none')}.", ""]
    else:
        lines += ["**No policy pack ran** (`--policy-pack none`).", ""]
    failing = sorted({(v.pack, v.policy) for v in report.violations if v.enforcement_level == "mandatory"})
    if failing:
        lines += [
            "**Failing policies:** " + ", ".join(cell(f"{pack}/{policy}") for pack, policy in failing),
            "",
        ]
    if report.violations:
        lines += ["| level | policy | resource | where | message | fix |", "|---|---|---|---|---|---|"]
        for v in report.violations[:MAX_ROWS]:
            resource = f"{v.resource_name} ({v.resource_type})" if v.urn else f"stack {report.stack}"
            where = finding_place(v.source, program_file, root)
            lines.append(
                f"| {cell(v.enforcement_level)} | {cell(v.policy)} | {cell(resource)} | {cell(where)} "
                f"| {cell(v.detail)} | {cell(v.remediation.strip())} |"
            )
        left_out = len(report.violations) - MAX_ROWS
        if left_out > 0:
            lines.append(f"\n{left_out} more violations: see the job's log or its SARIF and JUnit reports.")
        lines.append("")
    warnings = [n for n in report.notes if n.warning]
    for note in warnings:
        lines += [f"> warning: {cell(note.text.strip())}", ""]
    return "\n".join(lines) + "\n"


def failed_markdown(message: str) -> str:
    """The summary of a run that could not be judged (exit 2): the one cause."""
    return f"### retail-ai preview: NOT JUDGED\n\n**Cause:** {escape(message)}\n\n"


def append(path: Path, text: str) -> None:
    """Appends the section through the redaction layer, as every file the run writes."""
    with path.open("a", encoding="utf-8") as stream:
        stream.write(redaction.hide(text))
