"""The StackReference answers as plain functions: names, the engine's state shape, the file form, the search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from retail_ai_components.preview.errors import PreviewError
from retail_ai_components.preview.project import load_project
from retail_ai_components.preview.stack_reference import (
    StackName,
    StackReferences,
    find_project,
    known,
    parse_stack_name,
    secret_output_names,
)
from retail_ai_components.preview.wire import SECRET_SIG, SIG, UNKNOWN


def secret(value: Any) -> dict[str, Any]:
    return {SIG: SECRET_SIG, "value": value}


def project(folder: Path, name: str, *stacks: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n")
    (folder / "__main__.py").write_text("")
    for stack in stacks:
        (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    return folder


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("prod", StackName("organization", "apps", "prod")),
        ("acme/prod", StackName("acme", "apps", "prod")),
        ("acme/platform/prod", StackName("acme", "platform", "prod")),
    ],
)
def test_stack_names_take_the_engines_three_forms(name, full):
    assert parse_stack_name(name, organization="organization", project="apps") == full


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("a/b/c/d", "a stack name is stack, organization/stack or organization/project/stack"),
        ("acme/bad project/prod", "project names may only contain"),
        ("acme/platform/", "a stack name may not be empty"),
    ],
)
def test_a_malformed_stack_name_is_refused_naming_it(name, rule):
    with pytest.raises(PreviewError, match=rf"StackReference '{name}': .*{rule}"):
        parse_stack_name(name, organization="organization", project="apps")


def test_unknowns_become_marked_placeholders_and_secrets_keep_their_wrapper():
    outputs = {
        "vpcId": "placeholder-vpc-network-vpc",
        "cluster": {"id": "c-1", "endpoints": [UNKNOWN]},
        "token": secret(UNKNOWN),
    }
    answered, replaced = known(outputs)
    assert answered == {
        "vpcId": "placeholder-vpc-network-vpc",
        "cluster": {"id": "c-1", "endpoints": ["placeholder-unknown-output-cluster.endpoints[0]"]},
        "token": secret("placeholder-unknown-output-token"),
    }
    assert replaced == ["cluster.endpoints[0]", "token"]


def test_secret_output_names_lists_outputs_holding_a_secret_anywhere_sorted():
    outputs = {"z": secret("s"), "a": {"nested": [secret("t")]}, "plain": "p"}
    assert secret_output_names(outputs) == ["a", "z"]


def test_the_nearest_project_of_that_name_wins_and_two_at_one_level_are_an_error(tmp_path):
    (tmp_path / ".git").mkdir()
    apps = project(tmp_path / "stacks" / "apps", "apps")
    near = project(tmp_path / "stacks" / "platform", "platform")
    project(tmp_path, "platform")  # further up: not chosen
    assert find_project("platform", apps) == near
    assert find_project("nothing", apps) is None
    project(tmp_path / "stacks" / "platform-copy", "platform")
    with pytest.raises(PreviewError, match="two Pulumi projects are named 'platform'"):
        find_project("platform", apps)


def test_the_search_stops_at_the_repository_root(tmp_path):
    project(tmp_path / "other", "platform")
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    apps = project(repository / "apps", "apps")
    assert find_project("platform", apps) is None


def references(tmp_path: Path, answers: str | None = None, **kwargs: Any) -> tuple[StackReferences, list]:
    calls: list[tuple[Path, str, str, tuple[str, ...]]] = []

    def fake_preview(root: Path, stack: str, organization: str, answering: tuple[str, ...]) -> dict[str, Any]:
        calls.append((root, stack, organization, answering))
        return {"vpcId": "placeholder-vpc-network-vpc", "password": secret("x"), "endpoint": UNKNOWN}

    (tmp_path / ".git").mkdir(exist_ok=True)
    apps = project(tmp_path / "apps", "apps", "prod")
    project(tmp_path / "platform", "platform", "prod")
    supplied = None
    if answers is not None:
        supplied = tmp_path / "answers.yaml"
        supplied.write_text(answers)
    refs = StackReferences(
        load_project(apps),
        organization="organization",
        preview=fake_preview,
        data_sources=supplied,
        answering=kwargs.get("answering", ("organization/apps/prod",)),
    )
    return refs, calls


def test_a_read_gets_the_builtin_providers_state_and_one_preview_per_stack(tmp_path):
    refs, calls = references(tmp_path)
    state = refs.read("pulumi:pulumi:StackReference", "organization/platform/prod", {})
    assert state == {
        "name": "organization/platform/prod",
        "outputs": {
            "vpcId": "placeholder-vpc-network-vpc",
            "password": secret("x"),
            "endpoint": "placeholder-unknown-output-endpoint",
        },
        "secretOutputNames": ["password"],
    }
    refs.read("pulumi:pulumi:StackReference", "organization/platform/prod", {})
    assert calls == [(tmp_path / "platform", "prod", "organization", ("organization/apps/prod",))]
    assert refs.read("alicloud:vpc/network:Network", "vpc-1", {}) is None


def test_a_reference_back_to_a_stack_being_answered_is_a_circle(tmp_path):
    refs, calls = references(tmp_path, answering=("organization/platform/prod", "organization/apps/prod"))
    with pytest.raises(PreviewError, match=r"go round in a circle \(organization/platform/prod -> "):
        refs.read("pulumi:pulumi:StackReference", "organization/platform/prod", {})
    assert calls == []


def test_the_file_answers_first_marking_secrets_by_list_or_by_shown_value(tmp_path):
    refs, calls = references(
        tmp_path,
        "pulumi:pulumi:StackReference:\n"
        "  organization/platform/prod:\n"
        "    outputs: {vpcId: vpc-1, key: k, shown: '[secret]'}\n"
        "    secretOutputNames: [key]\n",
    )
    state = refs.read("pulumi:pulumi:StackReference", "organization/platform/prod", {})
    assert state is not None and calls == []
    assert state["outputs"] == {"vpcId": "vpc-1", "key": secret("k"), "shown": secret("[secret]")}
    assert state["secretOutputNames"] == ["key", "shown"]


@pytest.mark.parametrize(
    ("entry", "rule"),
    [
        ("    vpcId: vpc-1\n", r"expected \{outputs: \{...\}\}"),
        (
            "    outputs: {a: 1}\n    secretOutputNames: [b]\n",
            r"secretOutputNames: 'b' is not one of its outputs",
        ),
        ("    outputs: {a: 1}\n    secrets: [a]\n", r"\.secrets: is not a known setting"),
    ],
)
def test_a_bad_file_entry_is_refused_naming_it(tmp_path, entry, rule):
    refs, _ = references(tmp_path, f"pulumi:pulumi:StackReference:\n  organization/platform/prod:\n{entry}")
    with pytest.raises(
        PreviewError, match=rf"pulumi:pulumi:StackReference\.organization/platform/prod.*{rule}"
    ):
        refs.read("pulumi:pulumi:StackReference", "organization/platform/prod", {})
