"""Which resources of a run exist yet, for invokes that declare their dependencies (the engine's tracker)."""

from __future__ import annotations

import threading

from retail_ai_components.preview.tracker import Tracker

STACK = "urn:stack"


def test_a_custom_resource_not_created_makes_the_invoke_unknown() -> None:
    tracker = Tracker()
    tracker.track("urn:vpc", STACK, custom=True, created=False)
    tracker.track("urn:read", STACK, custom=True, created=True)
    assert tracker.unresolved(["urn:read", "urn:vpc"]) == "urn:vpc"
    assert tracker.unresolved(["urn:read"]) is None
    assert tracker.unresolved(["urn:not-of-this-run"]) is None


def test_a_component_stands_for_the_custom_resources_beneath_it() -> None:
    tracker = Tracker()
    tracker.track("urn:site", STACK, custom=False, created=True)
    tracker.track("urn:inner", "urn:site", custom=False, created=True)
    tracker.track("urn:sg", "urn:inner", custom=True, created=False)
    assert tracker.unresolved(["urn:site"]) == "urn:sg"


def test_a_registration_in_flight_beneath_a_component_is_waited_for() -> None:
    tracker = Tracker()
    tracker.track("urn:site", STACK, custom=False, created=True)
    answers: list[str | None] = []
    with tracker.in_flight("urn:site"):
        asking = threading.Thread(target=lambda: answers.append(tracker.unresolved(["urn:site"])))
        asking.start()
        tracker.track("urn:vpc", "urn:site", custom=True, created=False)
    asking.join()
    assert answers == ["urn:vpc"]
