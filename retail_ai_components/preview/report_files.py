"""Where the CI reports of a run go: ``--sarif`` and ``--junit-xml`` each name a file, or ``-`` for stdout.

A path that cannot be written is said before the program runs, in one error naming the flag, the path and why,
instead of being found out after a long run as an "internal error". Missing folders are created as the report
is written, as before.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import PreviewError
from .redaction import hide

# (argparse dest, flag, what the report is called in messages)
_REPORTS = (("sarif", "--sarif", "SARIF log"), ("junit_xml", "--junit-xml", "JUnit report"))


class ReportPathError(PreviewError):
    """A --sarif/--junit-xml file that cannot be written: said once, naming the flag and the path."""


@dataclass(frozen=True)
class ReportTarget:
    """A report flag's value (the argparse type): a file, or stdout for ``-`` (a file named ``-`` is ``./-``)."""

    text: str

    def __str__(self) -> str:
        return self.text

    @property
    def stdout(self) -> bool:
        return self.text == "-"

    @property
    def path(self) -> Path:
        return Path(self.text)


@dataclass(frozen=True)
class ReportRequest:
    """One report the command line asks for."""

    flag: str
    what: str
    target: ReportTarget

    @property
    def stdout(self) -> bool:
        return self.target.stdout

    def problem(self) -> str | None:
        """Why the file cannot be written, or ``None`` (stdout always can)."""
        return None if self.stdout else unwritable(self.target.path)

    def check(self) -> None:
        reason = self.problem()
        if reason is not None:
            raise ReportPathError(f"{self.flag} {self.target}: cannot write the {self.what} there: {reason}")

    def write(self, text: str) -> None:
        """Writes the report redacted (stdout is already redacted as a whole)."""
        if self.stdout:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        path = self.target.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(hide(text), encoding="utf-8")
        except OSError as exc:
            raise ReportPathError(
                f"{self.flag} {self.target}: could not write the {self.what}: {exc.strerror or exc}"
            ) from exc


def report_requests(args: argparse.Namespace) -> list[ReportRequest]:
    """The reports asked for, in a fixed order (SARIF, then JUnit)."""
    requests = []
    for dest, flag, what in _REPORTS:
        target = getattr(args, dest, None)
        if target is not None:
            requests.append(ReportRequest(flag, what, target))
    return requests


def unwritable(path: Path) -> str | None:
    """Why ``path`` cannot be written as a report (its folders are created), or ``None`` when it can."""
    path = Path(os.path.abspath(path))
    if path.is_dir():
        return "it is a folder"
    if path.exists():
        return None if os.access(path, os.W_OK) else "the file is read-only"
    ancestor = path.parent
    while not ancestor.exists() and ancestor.parent != ancestor:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"{ancestor} is a file, not a folder"
    if not os.access(ancestor, os.W_OK | os.X_OK):
        return f"the folder {ancestor} is not writable"
    return None
