"""What a reader of a preview's report should know beside the verdict: typed, not told apart by their words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """One note of the report: what is a placeholder, which data sources were answered how, what ran.

    ``warning``: something the user should act on (an exemption that matches nothing); every output shows it
    as a warning (the text report in yellow, stderr, SARIF notifications, GitHub annotations).
    ``announce``: also said on stderr as the run starts, since it changes what judges the stack (the bundled
    pack, when the project names none).
    """

    text: str
    warning: bool = False
    announce: bool = False

    def __str__(self) -> str:
        """As the JSON report carries it (a contract): a warning's text after ``warning: ``."""
        return f"warning: {self.text}" if self.warning else self.text


def warning(text: str) -> Note:
    return Note(text, warning=True)
