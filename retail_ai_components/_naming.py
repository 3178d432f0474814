"""Naming rules of the Alibaba Cloud services the components name resources in.

Each checker returns ``None`` for a good name, else the rule it broke, so that callers can
raise an :class:`~retail_ai_components.errors.InvalidArgumentError` naming their own field.
"""

from __future__ import annotations

import re

_BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_SLS_PROJECT_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_SLS_LOGSTORE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,61}[a-z0-9]$")
_RAM_ROLE_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_ACCOUNT_ID_RE = re.compile(r"^[0-9]{16}$")


def bucket_name_problem(name: str) -> str | None:
    """OSS bucket names: 3-63 characters of lowercase letters, digits and hyphens, starting and
    ending with a letter or digit. (Uniqueness across all of OSS is not checkable offline.)"""
    if not 3 <= len(name) <= 63:
        return f"{name!r} must be 3 to 63 characters long (it has {len(name)})"
    if not _BUCKET_RE.fullmatch(name):
        return (
            f"{name!r} may contain only lowercase letters, digits and hyphens, and must start and end "
            "with a letter or digit"
        )
    return None


def sls_project_name_problem(name: str) -> str | None:
    """Log Service project names: 3-63 characters of lowercase letters, digits and hyphens,
    starting and ending with a letter or digit; unique within the region across all accounts."""
    if not 3 <= len(name) <= 63:
        return f"{name!r} must be 3 to 63 characters long (it has {len(name)})"
    if not _SLS_PROJECT_RE.fullmatch(name):
        return (
            f"{name!r} may contain only lowercase letters, digits and hyphens, and must start and end "
            "with a letter or digit"
        )
    return None


def sls_logstore_name_problem(name: str) -> str | None:
    """Logstore names: 2-63 characters of lowercase letters, digits, hyphens and underscores,
    starting and ending with a letter or digit."""
    if not 2 <= len(name) <= 63:
        return f"{name!r} must be 2 to 63 characters long (it has {len(name)})"
    if not _SLS_LOGSTORE_RE.fullmatch(name):
        return (
            f"{name!r} may contain only lowercase letters, digits, hyphens and underscores, and must "
            "start and end with a letter or digit"
        )
    return None


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
