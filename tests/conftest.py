"""Shared fixtures: run components under Pulumi's mock runtime and get every registration back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from retail_ai_components.preview.recorder import ProgramRun, record_resources

REPO = Path(__file__).resolve().parent.parent
REGION = "cn-hangzhou"

Record = Callable[..., ProgramRun]


@pytest.fixture
def record() -> Record:
    """``record(lambda: Network("n", {...}))`` -> every registration, in the stack region cn-hangzhou.

    Extra stack config goes in ``config={"ns:key": "value"}``.
    """

    def run(func: Callable[[], object], config: dict[str, str] | None = None, **kwargs: object) -> ProgramRun:
        return record_resources(func, config={"alicloud:region": REGION, **(config or {})}, **kwargs)  # type: ignore[arg-type]

    return run
