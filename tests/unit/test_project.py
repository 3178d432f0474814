"""Pulumi.yaml and stack config read the way the CLI reads them."""

from __future__ import annotations

import json

import pytest

from retail_ai_components.preview.errors import PreviewError
from retail_ai_components.preview.project import SECRET_PLACEHOLDER, load_project, load_stack_config


def write_project(tmp_path, pulumi_yaml, stack_yaml=None, stack="dev"):
    (tmp_path / "Pulumi.yaml").write_text(pulumi_yaml)
    (tmp_path / "__main__.py").write_text("")
    if stack_yaml is not None:
        (tmp_path / f"Pulumi.{stack}.yaml").write_text(stack_yaml)
    return load_project(tmp_path)


def test_config_values_are_strings_qualified_with_the_project_namespace(tmp_path):
    project = write_project(
        tmp_path,
        "name: shop\nruntime: python\nconfig:\n  tier: {default: small}\n  other: {type: string}\n",
        "config:\n  alicloud:region: cn-hangzhou\n  replicas: 3\n  debug: true\n  net: {zones: [a, b]}\n",
    )
    config = load_stack_config(project, "dev")
    assert config.values == {
        "shop:tier": "small",
        "alicloud:region": "cn-hangzhou",
        "shop:replicas": "3",
        "shop:debug": "true",
        "shop:net": json.dumps({"zones": ["a", "b"]}, separators=(",", ":")),
    }
    assert config.namespace("alicloud") == {"region": "cn-hangzhou"}


def test_secure_values_become_a_secret_placeholder(tmp_path):
    project = write_project(
        tmp_path,
        "name: shop\nruntime: python\n",
        "config:\n  shop:password: {secure: v1:abc}\n  shop:db: {user: app, password: {secure: v1:def}}\n",
    )
    config = load_stack_config(project, "dev")
    assert config.values["shop:password"] == SECRET_PLACEHOLDER
    assert json.loads(config.values["shop:db"]) == {"user": "app", "password": SECRET_PLACEHOLDER}
    assert sorted(config.secret_keys) == ["shop:db", "shop:password"]


def test_main_and_stack_config_dir_are_honoured(tmp_path):
    (tmp_path / "prog").mkdir()
    (tmp_path / "prog" / "__main__.py").write_text("")
    (tmp_path / "Pulumi.yaml").write_text(
        "name: shop\nruntime:\n  name: python\nmain: prog/\nstackConfigDir: prog\n"
    )
    project = load_project(tmp_path)
    assert project.program_dir == (tmp_path / "prog").resolve()
    assert project.stack_config_dir == (tmp_path / "prog").resolve()


@pytest.mark.parametrize(
    ("pulumi_yaml", "message"),
    [
        ("name: shop\nruntime: nodejs\n", "runs Python programs only"),
        ("runtime: python\n", "'name' is required"),
        ("name: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_projects_are_refused(tmp_path, pulumi_yaml, message):
    with pytest.raises(PreviewError, match=message):
        write_project(tmp_path, pulumi_yaml)


def test_missing_stack_lists_the_known_ones(tmp_path):
    project = write_project(tmp_path, "name: shop\nruntime: python\n", "config: {}\n", stack="prod")
    with pytest.raises(PreviewError, match=r"no such stack 'dev'.*stacks here: prod"):
        load_stack_config(project, "dev")
