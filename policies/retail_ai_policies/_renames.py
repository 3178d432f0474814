"""Renamed and split policies: an old name in policy config keeps working, with a warning naming the new ones.

A policy that was split (``db-public-endpoint-denied`` into one policy per kind of service, for example) stays
in the pack as a *renamed* entry: it judges nothing, declares the config schema its successors take, and
names them in its tags (``replaced-by:<name>``, visible to any tool through GetAnalyzerInfo). It must stay
declared: the engine sends config only for the policies a pack declares, and refuses a config entry for an
unknown name that carries no enforcement level.

When the pack is configured, :func:`carry_renamed_config` applies what the config says of a renamed entry to
each successor the config leaves at its defaults: the entry's enforcement level, its other settings, and its
exemptions (added to the successor's own). The renamed entry itself then runs, at advisory level, only when
the config named it, and its one violation says which policies took its settings and asks for the rename.

The engine sends every declared policy's reconciled config, so "named by the config" is read as "differs
from the default". A config's ``all`` level moves every policy, the renamed entry included: the level most
of the pack's policies were moved to is taken as that default, so that ``{"all": "advisory"}`` alone
neither warns nor overrides a successor the config names itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi_policy.policy import Policy

REPLACED_BY = "replaced-by:"
"""Tag prefix on a renamed entry, one tag per successor."""
CONFIGURED_LEVEL = "renamedEntryLevel"
"""Set by :func:`carry_renamed_config` on a renamed entry whose level the config changed, so its warning can
name the level it carried."""
EXEMPTION_KEYS = ("exemptUrns", "exemptions")

Config = dict[str, tuple[str, dict[str, Any]]]
"""Policy name -> (enforcement level name, properties), as the engine sends them to Configure."""


def successors(policy: Policy) -> tuple[str, ...]:
    """The policies a renamed entry names; empty for any other policy."""
    return tuple(t[len(REPLACED_BY) :] for t in policy.tags or () if t.startswith(REPLACED_BY))


def _defaults(policy: Policy) -> dict[str, Any]:
    schema = policy.config_schema.properties if policy.config_schema else {}
    return {key: spec["default"] for key, spec in schema.items() if "default" in spec}


def _level(policy: Policy) -> str:
    return policy.enforcement_level.value if policy.enforcement_level else "advisory"


def _all_level(policies: list[Policy], config: Config) -> str | None:
    """The level of the config's ``all`` entry, when there was one: a level that more than half of the
    policies declared at another level were moved to (a handful named one by one cannot be a majority)."""
    judged = [p for p in policies if not successors(p)]
    for level in ("advisory", "mandatory", "disabled", "remediate"):
        others = [p for p in judged if _level(p) != level]
        moved = sum(config.get(p.name, (_level(p), {}))[0] == level for p in others)
        if len(others) >= 2 and 2 * moved > len(others):
            return level
    return None


def _changes(
    policy: Policy, level: str, props: Mapping[str, Any], all_level: str | None
) -> tuple[str | None, dict[str, Any]]:
    """What the config changed of ``policy``'s defaults: its level (or None) and the properties that differ."""
    defaults = _defaults(policy)
    changed = {k: v for k, v in props.items() if k != CONFIGURED_LEVEL and v != defaults.get(k)}
    return (level if level != (all_level or _level(policy)) else None), changed


def _merged(old: Any, new: Any) -> list[Any]:
    mine = list(old) if isinstance(old, list) else []
    return mine + [entry for entry in (new if isinstance(new, list) else []) if entry not in mine]


def carry_renamed_config(policies: Iterable[Policy], config: Config) -> Config:
    """The config with each renamed entry's settings carried to its successors.

    A successor takes the entry's level and settings only where the config leaves the successor's own at
    their defaults (a setting given under the new name wins); exemptions are added to the successor's. An
    entry the config does not change is disabled; one it does runs at advisory level, to warn."""
    policies = list(policies)
    by_name = {p.name: p for p in policies}
    all_level = _all_level(policies, config)
    result: Config = {name: (level, dict(props)) for name, (level, props) in config.items()}
    for entry in policies:
        names = successors(entry)
        if not names:
            continue
        level, props = result.get(entry.name, (_level(entry), _defaults(entry)))
        new_level, changed = _changes(entry, level, props, all_level)
        if new_level is None and not changed:
            result[entry.name] = ("disabled", props)
            continue
        for name in names:
            successor = by_name.get(name)
            if successor is None:
                continue
            own_level, own = result.get(name, (_level(successor), _defaults(successor)))
            kept_level, kept = _changes(successor, own_level, own, all_level)
            if new_level is not None and kept_level is None:
                own_level = new_level
            own = dict(own)
            for key, value in changed.items():
                if key in EXEMPTION_KEYS:
                    own[key] = _merged(own.get(key), value)
                elif key in _defaults(successor) and key not in kept:
                    own[key] = value
            result[name] = (own_level, own)
        marked = {**props, CONFIGURED_LEVEL: new_level} if new_level is not None else props
        result[entry.name] = ("advisory", marked)
    return result


def renamed_warning(
    name: str, names: tuple[str, ...], config: Mapping[str, Any], defaults: Mapping[str, Any]
) -> str:
    """The one message of a renamed entry the config names."""
    carried = [f"level {config[CONFIGURED_LEVEL]}"] if config.get(CONFIGURED_LEVEL) else []
    carried += [
        key for key, value in config.items() if key != CONFIGURED_LEVEL and value != defaults.get(key)
    ]
    return (
        f"policy config names {name}, which is now {', '.join(names)}; its settings ({', '.join(carried)}) "
        f"were applied to each of them, and the config must name them instead (rename the entry)"
    )
