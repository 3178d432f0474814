"""Each component argument is declared once: in its args TypedDict, which pydantic validates with the rules and
defaults the declaration carries. No second (pydantic model) declaration of user arguments may come back."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any, get_type_hints

import pydantic
import pytest
from typing_extensions import is_typeddict

import retail_ai_components
from retail_ai_components import _validation
from retail_ai_components._refs import REF_CONFIG

COMPONENT_ARGS = [
    ("network", "NetworkArgs"),
    ("secure_bucket", "SecureBucketArgs"),
    ("feature_store", "FeatureStoreArgs"),
    ("eas_service", "EasServiceArgs"),
    ("burst_cluster", "BurstClusterArgs"),
    ("gpu_training", "GpuTrainingArgs"),
    ("container_registry", "ContainerRegistryArgs"),
    ("vector_store", "VectorStoreArgs"),
    ("data_warehouse", "DataWarehouseArgs"),
    ("observability", "ObservabilityArgs"),
    ("guardrails", "GuardrailsArgs"),
]
# The DLC request builder's inputs (a run's settings, a private registry's login): pydantic models, each
# declared once, not a component's args.
NOT_COMPONENT_ARGS = {"retail_ai_components.dlc.DlcTrainingRun", "retail_ai_components.dlc.RegistryAuth"}


def _args(module: str, name: str) -> Any:
    return getattr(importlib.import_module(f"retail_ai_components.{module}"), name)


def _nested_typeddicts(args_type: Any, seen: set[Any]) -> None:
    if args_type in seen:
        return
    seen.add(args_type)
    for hint in get_type_hints(args_type).values():
        stack = [hint]
        while stack:
            current = stack.pop()
            if is_typeddict(current):
                _nested_typeddicts(current, seen)
            stack.extend(getattr(current, "__args__", ()))


@pytest.mark.parametrize("module,name", COMPONENT_ARGS)
def test_every_args_typeddict_refuses_unknown_keys(module: str, name: str) -> None:
    found: set[Any] = set()
    _nested_typeddicts(_args(module, name), found)
    for args_type in found:
        config = getattr(args_type, "__pydantic_config__", None)
        # Refs (what one component hands another) are built by code: strict, no coercion.
        assert config in (_validation.ARGS_CONFIG, REF_CONFIG), f"{args_type.__qualname__} lacks @args_type"


@pytest.mark.parametrize("module,name", COMPONENT_ARGS)
def test_an_unknown_key_is_one_error_naming_it(module: str, name: str) -> None:
    with pytest.raises(retail_ai_components.InvalidArgumentError) as caught:
        _validation.validate_args(_args(module, name), {"no_such_argument": 1}, owner="X")
    # The first error is a missing required key or the unknown one: either names a field, never "args".
    assert caught.value.field != "args"


def test_no_module_declares_arguments_a_second_time_as_a_pydantic_model() -> None:
    models = []
    for info in pkgutil.walk_packages(retail_ai_components.__path__, "retail_ai_components."):
        if ".preview" in info.name or ".cost" in info.name or ".policy_pack" in info.name:
            continue  # the engine's and the cost tool's own config, not component arguments
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, pydantic.BaseModel)
                and value.__module__ == info.name
                and f"{info.name}.{value.__qualname__}" not in NOT_COMPONENT_ARGS
            ):
                models.append(f"{info.name}.{value.__qualname__}")
    assert models == []
