"""Text that came from a program or a pack, made safe to print (a terminal, a CI log, XML, rich markup)."""

from __future__ import annotations

import re
import unicodedata

from rich.markup import escape

# C0 controls but tab and newline, DEL, C1 controls, line/paragraph separators and bidi overrides/isolates.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Control characters (escape sequences, carriage returns, bidi overrides) become visible ``\\x1b``
    escapes instead of acting on the terminal or the log."""

    def visible(match: re.Match[str]) -> str:
        char = match.group()
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _CONTROL.sub(visible, unicodedata.normalize("NFC", text))


def safe(text: str) -> str:
    """Ready for a rich console: no control characters and no markup (``[bold]`` prints as written)."""
    return escape(printable(text))


MAX_MESSAGE_BYTES = 16 * 1024
"""An error message or a note from a program or a pack is cut here: a 10 MB exception is one line in a log."""


def cap_bytes(text: str, limit: int = MAX_MESSAGE_BYTES) -> str:
    """``text`` cut to ``limit`` UTF-8 bytes, saying how many were cut (never a broken character)."""
    encoded = text.encode("utf-8", "replace")
    if len(encoded) <= limit:
        return text
    kept = encoded[:limit].decode("utf-8", "ignore")
    return f"{kept} [... {len(encoded) - len(kept.encode('utf-8')):,} more bytes cut]"
