"""What a program printed and logged, kept for the report whatever the language that printed it."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

MAX_OUTPUT_LINES = 10_000
"""Program output kept for the report; beyond it only a count, so the preview's memory stays small."""
MAX_OUTPUT_BYTES = 2 * 1024 * 1024
"""Likewise in bytes (UTF-8), whatever the length of the lines."""


@dataclass
class ProgramOutput:
    """What the program printed and logged, in order: (stream, line); streams are ``stdout``,
    ``stderr`` and, for ``pulumi.log`` messages, ``info``/``warning``/``error``."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    dropped: int = 0
    """Lines not kept (beyond :data:`MAX_OUTPUT_LINES` or :data:`MAX_OUTPUT_BYTES`)."""
    dropped_bytes: int = 0
    kept_bytes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, stream: str, line: str) -> None:
        size = len(line.encode("utf-8", "replace"))
        with self._lock:
            if len(self.lines) < MAX_OUTPUT_LINES and self.kept_bytes + size <= MAX_OUTPUT_BYTES:
                self.lines.append((stream, line))
                self.kept_bytes += size
            else:
                self.dropped += 1
                self.dropped_bytes += size

    def dropped_note(self) -> str:
        """What the report says of the output it did not keep ("" when it kept all)."""
        if not self.dropped:
            return ""
        return (
            f"The program printed {self.dropped:,} more lines ({self.dropped_bytes:,} bytes) than the report keeps "
            f"({MAX_OUTPUT_LINES:,} lines, {MAX_OUTPUT_BYTES:,} bytes); they were cut."
        )

    def tail(self, count: int = 5) -> str:
        with self._lock:
            return "\n".join(line for stream, line in self.lines[-count:] if stream in ("stderr", "error"))
