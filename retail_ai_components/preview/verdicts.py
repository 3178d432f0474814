"""What the packs said about a run: violations, policies that chose not to judge, and the packs themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .policy_config import PolicyConfig


@dataclass
class Violation:
    policy_pack: str
    policy: str
    enforcement_level: str
    severity: str
    urn: str
    message: str
    remediation: str = ""
    description: str = ""
    """The policy's description, which pulumi-policy puts at the head of ``message``."""

    def to_json(self) -> dict[str, str]:
        return {
            "policyPack": self.policy_pack,
            "policy": self.policy,
            "enforcementLevel": self.enforcement_level,
            "severity": self.severity,
            "urn": self.urn,
            "message": self.message,
        }


@dataclass
class NotApplicable:
    """A policy that chose not to judge a resource, with its reason (an exemption, for example)."""

    policy_pack: str
    policy: str
    urn: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"policyPack": self.policy_pack, "policy": self.policy, "urn": self.urn, "reason": self.reason}


@dataclass(frozen=True)
class PolicyInfo:
    name: str
    description: str
    enforcement_level: str
    """The level the run used (after the pack's initialConfig and the config file)."""
    severity: str
    remediation: str


@dataclass
class PackInfo:
    """A pack as the report names it."""

    name: str
    version: str
    origin: str
    path: Path
    policies: list[PolicyInfo] = field(default_factory=list)
    config: dict[str, PolicyConfig] = field(default_factory=dict)
    """The reconciled config sent to ``Configure``."""
