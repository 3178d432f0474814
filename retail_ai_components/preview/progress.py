"""A progress line for long runs: how many resources the program has registered so far, on stderr only.

A 6,000-resource program runs for tens of seconds; without this, nothing says it is alive. Short runs stay
quiet: nothing is written before :data:`QUIET_SECONDS`. Then a terminal gets one line rewritten in place
(``\\r``, cleared when the run ends or another message is printed); a CI log, which keeps every line, gets
a line every :data:`EVERY_SECONDS` seconds or every :data:`EVERY_RESOURCES` resources, whichever comes
first. It never writes to stdout, so the JSON document and the reports there stay whole.

The decisions are made by :meth:`ProgressLine.tick` from a clock and a counter it is given, so tests drive
it with a fake clock; :meth:`ProgressLine.start` runs the ticks on a daemon thread for a real run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

QUIET_SECONDS = 3.0
EVERY_SECONDS = 10.0
EVERY_RESOURCES = 1000
TICK_SECONDS = 0.25


class ProgressLine:
    def __init__(
        self,
        stream: TextIO,
        *,
        tty: bool,
        clock: Callable[[], float] = time.monotonic,
        quiet_seconds: float = QUIET_SECONDS,
        every_seconds: float = EVERY_SECONDS,
        every_resources: int = EVERY_RESOURCES,
    ) -> None:
        self._stream = stream
        self._tty = tty
        self._clock = clock
        self._quiet = quiet_seconds
        self._every_seconds = every_seconds
        self._every_resources = every_resources
        self._lock = threading.Lock()
        self._count: Callable[[], int] = lambda: 0
        self._stage = "Running the program"
        self._started = clock()
        self._last_line_at: float | None = None
        self._next_mark = every_resources
        self._drawn = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ what a run calls

    def start(self, count: Callable[[], int], *, ticking: bool = True) -> None:
        """Counts from now; ``count`` says how many resources are registered (read from the ticking thread)."""
        with self._lock:
            self._count = count
            self._started = self._clock()
        if ticking:
            self._thread = threading.Thread(target=self._run, name="progress", daemon=True)
            self._thread.start()

    def stage(self, text: str) -> None:
        """What the run is doing now ("Judging the stack with the policy packs"), shown with the count."""
        with self._lock:
            self._stage = text

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self._lock:
            self._clear()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """While another message is written to the same stream: the live line is cleared first and drawn
        again at the next tick, so the message never lands in the middle of it."""
        with self._lock:
            self._clear()
            yield

    # ------------------------------------------------------------------ the decision, one tick at a time

    def tick(self) -> None:
        with self._lock:
            now = self._clock()
            elapsed = now - self._started
            if elapsed < self._quiet:
                return
            count = self._count()
            resources = "resource" if count == 1 else "resources"
            text = f"{self._stage}: {count:,} {resources} registered ({elapsed:.0f} s)"
            if self._tty:
                if text != self._drawn:
                    self._write(f"\r{text}\x1b[K")
                    self._drawn = text
                return
            due = self._last_line_at is None or now - self._last_line_at >= self._every_seconds
            if due or count >= self._next_mark:
                self._write(text + "\n")
                self._last_line_at = now
                self._next_mark = (count // self._every_resources + 1) * self._every_resources

    # ------------------------------------------------------------------ internals

    def _run(self) -> None:
        while not self._stop.wait(TICK_SECONDS):
            self.tick()

    def _clear(self) -> None:
        if self._drawn:
            self._write("\r\x1b[K")
            self._drawn = ""

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # a closed or broken stderr must not end the run
            pass
