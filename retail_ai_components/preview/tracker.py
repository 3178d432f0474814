"""Which resources of the run exist yet: the engine's resource tracker, for invokes that declare ``dependsOn``.

The SDK sends an output-form invoke the URNs its arguments and ``depends_on`` come from (``dependsOn``, once the
monitor lists ``INVOKE_DEPENDS_ON``); the engine declines an invoke while any custom resource among them has not
been created, answering it as wholly unknown. In a preview nothing the program creates is created, so such an
invoke is never sent to the provider, exactly as when an older SDK gates it itself on the unknown ID.

A custom resource counts as itself; a component counts as every resource beneath it, through component ancestors,
down to the first custom resource on each branch; registrations still in flight beneath such a component are
waited for, since one that completes may extend the answer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class _Entry:
    custom: bool
    absent: bool
    """A custom resource not created (yet): its ID is unknown."""


class Tracker:
    """Thread-safe: the monitor registers and answers invokes on many threads."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._by_urn: dict[str, _Entry] = {}
        self._children: dict[str, list[str]] = {}
        self._in_flight: dict[str, int] = {}

    @contextmanager
    def in_flight(self, parent: str) -> Iterator[None]:
        """Marks a registration beneath ``parent`` as under way until the block ends (however it ends)."""
        with self._changed:
            self._in_flight[parent] = self._in_flight.get(parent, 0) + 1
        try:
            yield
        finally:
            with self._changed:
                self._in_flight[parent] -= 1
                if not self._in_flight[parent]:
                    del self._in_flight[parent]
                self._changed.notify_all()

    def track(self, urn: str, parent: str, *, custom: bool, created: bool) -> None:
        """A registration or read that completed; ``created`` matters only for a custom resource."""
        with self._changed:
            if urn not in self._by_urn:
                self._children.setdefault(parent, []).append(urn)
            self._by_urn[urn] = _Entry(custom, custom and not created)
            self._changed.notify_all()

    def unresolved(self, roots: Iterable[str]) -> str | None:
        """The first custom resource among ``roots`` (components expanded) not created, or None."""
        wanted = list(roots)
        with self._changed:
            while True:
                absent, components = self._expand(wanted)
                if absent is not None:
                    return absent
                if not any(parent in components for parent in self._in_flight):
                    return None
                self._changed.wait()

    def _expand(self, roots: list[str]) -> tuple[str | None, set[str]]:
        components: set[str] = set()
        frontier = list(roots)
        while frontier:
            urn = frontier.pop()
            entry = self._by_urn.get(urn)
            if entry is None:
                continue  # not a resource of this run: the program could not see it either
            if entry.custom:
                if entry.absent:
                    return urn, components
                continue
            if urn not in components:
                components.add(urn)
                frontier.extend(self._children.get(urn, []))
        return None, components
