"""Why no estimate could be made (exit code 2)."""

from __future__ import annotations


class CostError(Exception):
    """An input of ``retail-ai cost`` cannot be used: a usage file, a base report, a price table, an option.

    The message is the one line printed on stderr (and ``{"error": ...}`` with ``--json``); it names the file
    and the field.
    """
