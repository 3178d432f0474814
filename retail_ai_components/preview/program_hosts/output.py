"""What a program printed and logged, kept for the report whatever the language that printed it."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

MAX_OUTPUT_LINES = 10_000
"""Program output kept for the report; beyond it only a count, so the preview's memory stays small."""


@dataclass
class ProgramOutput:
    """What the program printed and logged, in order: (stream, line); streams are ``stdout``,
    ``stderr`` and, for ``pulumi.log`` messages, ``info``/``warning``/``error``."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    dropped: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, stream: str, line: str) -> None:
        with self._lock:
            if len(self.lines) < MAX_OUTPUT_LINES:
                self.lines.append((stream, line))
            else:
                self.dropped += 1

    def tail(self, count: int = 5) -> str:
        with self._lock:
            return "\n".join(line for stream, line in self.lines[-count:] if stream in ("stderr", "error"))
