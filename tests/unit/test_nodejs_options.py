"""Pulumi.yaml's ``runtime.options`` of a ``nodejs`` project, read as the CLI's Node.js language host reads them,
and the config it hands the program."""

from __future__ import annotations

from pathlib import Path

import pytest

from retail_ai_components.preview.errors import PreviewError
from retail_ai_components.preview.program_hosts.nodejs import (
    NodeOptions,
    node_options,
    package_manager,
    pulumi_config,
)

PROJECT = Path("/repo/infra/Pulumi.yaml")


def test_no_options_is_typescript_with_npm_auto_detected():
    assert node_options({}, PROJECT) == NodeOptions(
        typescript=True, tsconfig="", nodeargs=(), packagemanager="auto"
    )


def test_nodeargs_are_split_as_a_shell_splits_them():
    options = node_options({"nodeargs": "--max-old-space-size=4096 --require './setup hooks.js'"}, PROJECT)
    assert options.nodeargs == ("--max-old-space-size=4096", "--require", "./setup hooks.js")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"typescript": "yes"}, "typescript option must be a boolean"),
        ({"nodeargs": ["--inspect"]}, "nodeargs option must be a string"),
        ({"nodeargs": "--require 'unclosed"}, 'nodeargs "--require \'unclosed": No closing quotation'),
        (
            {"packagemanager": "deno"},
            "packagemanager option must be one of auto, npm, yarn, pnpm or bun, got 'deno'",
        ),
        ({"tsconfig": 1}, "tsconfigpath option must be a string"),
    ],
)
def test_a_bad_option_is_one_error_naming_the_file_and_the_option(options, message):
    with pytest.raises(PreviewError) as raised:
        node_options(options, PROJECT)
    assert str(raised.value) == f"{PROJECT}: runtime.options: {message}"


def test_the_package_manager_is_the_one_named_else_the_lock_files(tmp_path):
    assert package_manager(NodeOptions(packagemanager="pnpm"), tmp_path) == "pnpm"
    assert package_manager(NodeOptions(), tmp_path) == "npm"
    (tmp_path / "yarn.lock").write_text("")
    assert package_manager(NodeOptions(), tmp_path) == "yarn"
    # A program folder without a package.json of its own is installed from the folder above.
    program = tmp_path / "infra"
    program.mkdir()
    assert package_manager(NodeOptions(), program) == "yarn"


def test_config_keys_reach_the_node_sdk_with_its_config_namespace():
    assert pulumi_config({"alicloud:region": "cn-hangzhou", "shop:zones": '["a"]'}) == {
        "alicloud:config:region": "cn-hangzhou",
        "shop:config:zones": '["a"]',
    }
