"""Why a preview could not be judged (exit code 2)."""

from __future__ import annotations


class PreviewError(Exception):
    """The run could not be judged: no such stack, bad config, the program raised, the pack failed.

    The message is the one line printed on stderr; it names the cause.
    """
