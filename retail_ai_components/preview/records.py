"""What a run recorded: each registration as the engine holds it, and the run as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .urns import PROVIDER_PREFIX


@dataclass
class RecordedResource:
    """One registration, in the engine's encoding (secret wrappers, unknown sentinels), camelCase."""

    urn: str
    type: str
    name: str
    custom: bool
    inputs: dict[str, Any]
    parent: str | None = None
    id: str | None = None
    provider: str | None = None
    """URN of the resource's provider; ``None`` for components, providers and the stack."""
    protect: bool = False
    dependencies: list[str] = field(default_factory=list)
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    ignore_changes: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    delete_before_replace_defined: bool = False
    additional_secret_outputs: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    custom_timeouts: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, Any] | None = None
    """For components and the stack: what ``register_outputs`` sent (the stack's exports); for a read
    resource, the state it was read with, when known offline."""
    read: bool = False
    """Read with ``Resource.get`` (an existing resource), not created by this stack."""
    remote: bool = False
    """A multi-language component: its provider constructs its children, which a preview offline cannot."""
    source_position: tuple[str, int] | None = None
    """Where the program registered it: (file URI, line), as the SDK reports it to the engine."""

    @property
    def is_provider(self) -> bool:
        return self.type.startswith(PROVIDER_PREFIX)


@dataclass
class ProgramRun:
    project: str
    stack: str
    resources: list[RecordedResource]
    invokes: list[str] = field(default_factory=list)
    """Data-source tokens the program called, in call order."""
    declined: list[tuple[str, str]] = field(default_factory=list)
    """Invokes the monitor declined as unknown (token, a dependency's URN): a preview never sends them."""

    @property
    def stack_resource(self) -> RecordedResource:
        return self.resources[0]

    def by_urn(self) -> dict[str, RecordedResource]:
        return {r.urn: r for r in self.resources}

    def of_type(self, type_: str) -> list[RecordedResource]:
        return [r for r in self.resources if r.type == type_]

    def named(self, name: str) -> RecordedResource:
        """The one resource called ``name`` (of any type other than the default provider)."""
        matches = [r for r in self.resources if r.name == name]
        if len(matches) != 1:
            raise KeyError(f"{len(matches)} resources named {name!r}")
        return matches[0]
