"""Verdict integrity: which judged inputs hold a value the offline preview made up.

A verdict (a violation or a pass) on a resource whose inputs hold a placeholder rests on that placeholder:
a data source's account-state answer (``vpc-placeholder…``), a StackReference output the referenced stack's
offline preview could not know (``placeholder-unknown-output-<path>``) or a referenced stack's placeholder ID.
Every output says so: the violation (JSON ``placeholders``, SARIF result properties, JUnit and text), and a
note per resource, so a pass never rests silently on a made-up value. Values unknown during the preview are
not listed: a real preview has them too, and a policy that reads one says "cannot be verified".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .answers.placeholders import Placeholder
from .records import RecordedResource
from .stack_reference import UNKNOWN_PREFIX
from .wire import is_secret

RESOURCE_ID_PREFIX = "placeholder-"
"""The monitor's placeholder IDs (``placeholder-<module>-<type>-<name>``); a program sees one only through a
StackReference (its own resources' IDs are unknown)."""


@dataclass(frozen=True)
class PlaceholderInput:
    """One input of one resource that holds a made-up value, and where the value came from."""

    path: str  # "vpcId", "rules[0].sourceCidrIp"
    source: str  # "alicloud.vpc.get_networks(...).ids[0]", "StackReference output trainingDlcRoleArn"

    def __str__(self) -> str:
        return f"{self.path} from {self.source}"

    def as_json(self) -> dict[str, str]:
        return {"input": self.path, "source": self.source}


def _leaves(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if is_secret(value):
        yield from _leaves(value.get("value"), path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]")
    else:
        yield path, value


def _source(value: str, invented: Callable[[Any], Sequence[Placeholder]], region: str) -> str | None:
    if value.startswith(UNKNOWN_PREFIX):
        return (
            f"StackReference output {value[len(UNKNOWN_PREFIX) :]} (unknown to that stack's offline preview)"
        )
    if value.startswith(RESOURCE_ID_PREFIX):
        return "a referenced stack's placeholder ID"
    # The region and its zone IDs are facts of the stack as well as placeholder answers: not made up.
    if value == region or (region and value.startswith(f"{region}-") and len(value) <= len(region) + 12):
        return None
    found = invented(value)
    if not found:
        return None
    first = found[0]
    return f"{first.function}(...).{first.field}"


def placeholder_inputs(
    resources: Sequence[RecordedResource],
    invented: Callable[[Any], Sequence[Placeholder]],
    region: str,
) -> dict[str, list[PlaceholderInput]]:
    """For each resource (by URN) whose inputs hold made-up values, each such input. ``invented``: the data
    sources' placeholder values equal to a value (:meth:`DataSources.placeholder`)."""
    found: dict[str, list[PlaceholderInput]] = {}
    for resource in resources:
        if not resource.custom or resource.read:
            continue
        for path, value in _leaves(resource.inputs, ""):
            if not isinstance(value, str) or not value:
                continue
            source = _source(value, invented, region)
            if source is not None:
                found.setdefault(resource.urn, []).append(PlaceholderInput(path, source))
    return found


def notes(found: dict[str, list[PlaceholderInput]]) -> list[str]:
    """One note per resource judged on made-up values: its verdict, pass or violation, rests on them."""
    return [
        f"Judged on placeholder values: {urn}: {'; '.join(str(u) for u in uses)}. Its verdict, pass or "
        "violation, rests on them; supply the real answers with --data-sources."
        for urn, uses in found.items()
    ]


def remark(uses: Sequence[PlaceholderInput]) -> str:
    """What a violation's message adds when it rests on made-up values."""
    return f"(judged on placeholder values: {'; '.join(str(u) for u in uses)})"
