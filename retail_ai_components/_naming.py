"""Naming rules of the Alibaba Cloud services the components name resources in.

Each checker returns ``None`` for a good name, else the rule it broke, so that callers can
raise an :class:`~retail_ai_components.errors.InvalidArgumentError` naming their own field.
"""

from __future__ import annotations

import hashlib
import re
from typing import Annotated

from ._validation import matches, rule

_LOWER_DIGITS_HYPHENS = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
_LOWER_DIGITS_HYPHENS_UNDERSCORES = re.compile(r"^[a-z0-9][a-z0-9_-]*[a-z0-9]$")
_RAM_ROLE_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_ACCOUNT_ID_RE = re.compile(r"^[0-9]{16}$")
# What the name rules of ACR Enterprise instances (lowercase letters, digits, '-'), MaxCompute projects
# (lowercase letters, digits, '_', a letter first) and Log Service projects (lowercase letters, digits, '-',
# a letter or digit at each end) all allow at the start of a name, '-' becoming '_' for MaxCompute; short
# enough to leave the rest of a 28-character MaxCompute name readable.
_GLOBAL_NAME_PREFIX = re.compile(r"^[a-z][a-z0-9-]{0,14}[a-z0-9]$")


def _name_problem(name: str, shortest: int, pattern: re.Pattern[str], characters: str) -> str | None:
    """The rule most Alibaba names share: a length range, then allowed characters, starting and
    ending with a letter or digit. Length is checked first because its message is the clearer one."""
    if not shortest <= len(name) <= 63:
        return f"{name!r} must be {shortest} to 63 characters long (it has {len(name)})"
    if not pattern.fullmatch(name):
        return f"{name!r} may contain only {characters}, and must start and end with a letter or digit"
    return None


def bucket_name_problem(name: str) -> str | None:
    """OSS bucket names: 3-63 characters of lowercase letters, digits and hyphens, starting and
    ending with a letter or digit. (Uniqueness across all of OSS is not checkable offline.)"""
    return _name_problem(name, 3, _LOWER_DIGITS_HYPHENS, "lowercase letters, digits and hyphens")


def sls_project_name_problem(name: str) -> str | None:
    """Log Service project names: 3-63 characters of lowercase letters, digits and hyphens,
    starting and ending with a letter or digit; unique within the region across all accounts."""
    return _name_problem(name, 3, _LOWER_DIGITS_HYPHENS, "lowercase letters, digits and hyphens")


def sls_logstore_name_problem(name: str) -> str | None:
    """Logstore names: 2-63 characters of lowercase letters, digits, hyphens and underscores,
    starting and ending with a letter or digit."""
    return _name_problem(
        name, 2, _LOWER_DIGITS_HYPHENS_UNDERSCORES, "lowercase letters, digits, hyphens and underscores"
    )


def ram_role_name_problem(name: str) -> str | None:
    """RAM role names: 1-64 characters of letters, digits, periods, hyphens and underscores."""
    if not _RAM_ROLE_RE.fullmatch(name):
        return f"{name!r} is not a RAM role name: 1 to 64 letters, digits, '.', '-' or '_'"
    return None


def account_id_problem(account_id: str) -> str | None:
    """Alibaba Cloud account IDs (UIDs) are 16 digits."""
    if not _ACCOUNT_ID_RE.fullmatch(account_id):
        return f"{account_id!r} is not an Alibaba Cloud account ID (16 digits)"
    return None


global_name_prefix_problem = matches(
    _GLOBAL_NAME_PREFIX,
    "be 2 to 16 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
)

GlobalNamePrefix = Annotated[str, rule(global_name_prefix_problem)]
"""An organisation or account alias (``acme``) that starts the names Alibaba Cloud makes unique across all
accounts (an ACR instance's, part of its VPC endpoint's DNS name; MaxCompute and Log Service projects), so
that two companies deploying the same stacks do not collide."""


def with_global_prefix(prefix: str | None, name: str) -> str:
    """``name`` started with the organisation's prefix (``acme-retail-prod-registry``), or as it is."""
    return f"{prefix}-{name}" if prefix else name


def prefix_conflict(prefix: str | None, given_name: str | None, name_field: str) -> str | None:
    """The rule that a prefix starts derived names only: given with the name itself, it would be ignored."""
    if prefix and given_name:
        return f"starts the derived name only, and {name_field} is given: drop one of the two"
    return None


def in_stack(name: str, stack: str) -> str:
    """``name`` with the stack added (``ranking`` in ``prod`` -> ``ranking-prod``), unless the name already
    holds the stack as one of its dash- or underscore-separated words (``retail-prod-ranking``): names that
    are unique per region or account must differ between the stacks deployed there."""
    words = re.split(r"[-_]", name.lower())
    return name if stack.lower() in words else f"{name}-{stack}"


def fitted_name(name: str, max_length: int) -> str:
    """``name`` in lowercase letters, digits and ``_``, starting with a letter, at most ``max_length`` long.

    A name too long keeps its start and ends with a hash of the whole, so two long names that share a
    start stay distinct."""
    cleaned = re.sub(r"[^a-z0-9_]", "_", name.lower())
    if not cleaned[:1].isalpha():
        cleaned = f"n_{cleaned}"
    if len(cleaned) <= max_length:
        return cleaned
    digest = hashlib.sha1(cleaned.encode()).hexdigest()[:6]
    return f"{cleaned[: max_length - 7].rstrip('_')}_{digest}"
