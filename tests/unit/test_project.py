"""Pulumi.yaml and stack config read the way the Pulumi CLI reads them (messages are the CLI's)."""

from __future__ import annotations

import json
import resource
import time

import pytest

from retail_ai_components.preview.errors import PreviewError
from retail_ai_components.preview.program_hosts.python import virtualenv
from retail_ai_components.preview.project import Project, load_project
from retail_ai_components.preview.safe_yaml import parse_yaml, read_yaml
from retail_ai_components.preview.stack_config import SECRET_PLACEHOLDER, load_stack_config


def python_virtualenv(project: Project):
    return virtualenv(project.root, project.program_dir, project.runtime_options)


def write_project(tmp_path, pulumi_yaml, stack_yaml=None, stack="dev"):
    (tmp_path / "Pulumi.yaml").write_text(pulumi_yaml)
    (tmp_path / "__main__.py").write_text("")
    if stack_yaml is not None:
        (tmp_path / f"Pulumi.{stack}.yaml").write_text(stack_yaml)
    return load_project(tmp_path)


def stack_config(tmp_path, pulumi_yaml, stack_yaml="config: {}\n", environ=None):
    project = write_project(tmp_path, pulumi_yaml, stack_yaml)
    return load_stack_config(project, "dev", environ=environ or {})


# --------------------------------------------------------------------------- values


def test_config_values_are_strings_qualified_with_the_project_namespace(tmp_path):
    config = stack_config(
        tmp_path,
        "name: shop\nruntime: python\nconfig:\n  tier: {default: small}\n",
        "config:\n  alicloud:region: cn-hangzhou\n  replicas: 3\n  debug: true\n  net: {zones: [b, a]}\n",
    )
    assert config.values == {
        "shop:tier": "small",
        "alicloud:region": "cn-hangzhou",
        "shop:replicas": "3",
        "shop:debug": "true",
        "shop:net": '{"zones":["b","a"]}',
    }
    assert config.namespace("alicloud") == {"region": "cn-hangzhou"}
    assert config.region == "cn-hangzhou"


def test_provider_region_in_pulumi_yaml_value_form_is_the_plain_region(tmp_path):
    # The form the CLI requires for a provider key in Pulumi.yaml; it was once read as '{"value":...}'.
    config = stack_config(
        tmp_path, "name: shop\nruntime: python\nconfig:\n  alicloud:region:\n    value: cn-hangzhou\n"
    )
    assert config.values["alicloud:region"] == "cn-hangzhou"
    assert config.region == "cn-hangzhou"


def test_provider_region_shorthand_in_pulumi_yaml_is_a_value(tmp_path):
    config = stack_config(tmp_path, "name: shop\nruntime: python\nconfig:\n  alicloud:region: cn-shanghai\n")
    assert config.region == "cn-shanghai"


def test_stack_file_overrides_pulumi_yaml(tmp_path):
    config = stack_config(
        tmp_path,
        "name: shop\nruntime: python\nconfig:\n  alicloud:region: {value: cn-hangzhou}\n  tier: small\n",
        "config:\n  alicloud:region: cn-shanghai\n  shop:tier: large\n",
    )
    assert config.values["alicloud:region"] == "cn-shanghai"
    assert config.values["shop:tier"] == "large"


def test_project_defaults_fill_unset_keys_in_the_cli_string_forms(tmp_path):
    config = stack_config(
        tmp_path,
        "name: shop\nruntime: python\nconfig:\n"
        "  replicas: {type: integer, default: 2}\n"
        "  debug: {type: boolean, default: false}\n"
        "  zones: {type: array, items: {type: string}, default: [cn-hangzhou-j, cn-hangzhou-k]}\n"
        "  tags: {type: object, default: {team: ml, env: dev}}\n"
        "  ratio: {default: 0.5}\n",
    )
    assert config.values["shop:replicas"] == "2"
    assert config.values["shop:debug"] == "false"
    assert config.values["shop:zones"] == '["cn-hangzhou-j","cn-hangzhou-k"]'
    assert config.values["shop:tags"] == '{"env":"dev","team":"ml"}'  # Go's json.Marshal sorts keys
    assert config.values["shop:ratio"] == "0.5"


def test_scalars_resolve_as_the_cli_yaml_library_does(tmp_path):
    # yaml.v3 (YAML 1.2): yes/on stay strings, 12:30 is not sexagesimal, dates stay text, 1.0 prints as 1
    config = stack_config(
        tmp_path,
        "name: shop\nruntime: python\n",
        "config:\n  a: yes\n  b: 12:30\n  c: 2024-01-02\n  d: 1.0\n  e: 0o17\n  f: 'true'\n  g: <b>\n",
    )
    assert config.values["shop:a"] == "yes"
    assert config.values["shop:b"] == "12:30"
    assert config.values["shop:c"] == "2024-01-02"
    assert config.values["shop:d"] == "1"
    assert config.values["shop:e"] == "15"
    assert config.values["shop:f"] == "true"
    assert config.values["shop:g"] == "<b>"


def test_nested_object_strings_are_escaped_as_go_does(tmp_path):
    config = stack_config(tmp_path, "name: shop\nruntime: python\n", "config:\n  shop:x: {html: <a&b>}\n")
    assert config.values["shop:x"] == '{"html":"\\u003ca\\u0026b\\u003e"}'
    assert json.loads(config.values["shop:x"]) == {"html": "<a&b>"}


# --------------------------------------------------------------------------- secrets


def test_secure_values_become_a_secret_placeholder(tmp_path):
    config = stack_config(
        tmp_path,
        "name: shop\nruntime: python\n",
        "config:\n  shop:password: {secure: v1:abc}\n  shop:db: {user: app, password: {secure: v1:def}}\n",
    )
    assert config.values["shop:password"] == SECRET_PLACEHOLDER
    assert json.loads(config.values["shop:db"]) == {"user": "app", "password": SECRET_PLACEHOLDER}
    assert "v1:abc" not in json.dumps(config.values)
    assert sorted(config.secret_keys) == ["shop:db", "shop:password"]
    assert any("not decrypted" in note for note in config.notes)


@pytest.mark.parametrize(
    "key", ["alicloud:accessKey", "alicloud:secretKey", "alicloud:securityToken", "alicloud:access_key"]
)
def test_provider_credentials_are_secret_even_in_plain_text(tmp_path, key):
    config = stack_config(tmp_path, "name: shop\nruntime: python\n", f"config:\n  {key}: LTAIplaintext\n")
    assert key in config.secret_keys
    assert any("Provider credentials" in note for note in config.notes)


def test_credentials_in_pulumi_yaml_are_secret_too(tmp_path):
    config = stack_config(
        tmp_path, "name: shop\nruntime: python\nconfig:\n  alicloud:secretKey: {value: s3cret}\n"
    )
    assert "alicloud:secretKey" in config.secret_keys


def test_ordinary_keys_are_not_secret(tmp_path):
    config = stack_config(
        tmp_path, "name: shop\nruntime: python\n", "config:\n  alicloud:region: cn-hangzhou\n"
    )
    assert config.secret_keys == []


def test_typed_secret_key_given_in_plain_text_is_refused(tmp_path):
    with pytest.raises(
        PreviewError, match="Stack 'dev' with configuration key 'dbPassword' must be encrypted as it's secret"
    ):
        stack_config(
            tmp_path,
            "name: shop\nruntime: python\nconfig:\n  dbPassword: {type: string, secret: true}\n",
            "config:\n  shop:dbPassword: hunter2\n",
        )


def test_typed_secret_key_given_secure_is_accepted_unchecked(tmp_path):
    config = stack_config(
        tmp_path,
        "name: shop\nruntime: python\nconfig:\n  dbPassword: {type: string, secret: true}\n",
        "config:\n  shop:dbPassword: {secure: v1:xyz}\n",
    )
    assert config.secret_keys == ["shop:dbPassword"]


# --------------------------------------------------------------------------- region fallback


def test_region_falls_back_to_the_providers_environment_variables_and_says_so(tmp_path):
    config = stack_config(
        tmp_path, "name: shop\nruntime: python\n", environ={"ALIBABA_CLOUD_REGION": "cn-shenzhen"}
    )
    assert config.region == "cn-shenzhen"
    assert "alicloud:region" not in config.values  # the program sees what the CLI would give it
    assert any("ALIBABA_CLOUD_REGION=cn-shenzhen" in note for note in config.notes)


def test_alicloud_region_env_wins_over_alibaba_cloud_region_as_in_the_provider(tmp_path):
    config = stack_config(
        tmp_path,
        "name: shop\nruntime: python\n",
        environ={"ALICLOUD_REGION": "cn-beijing", "ALIBABA_CLOUD_REGION": "cn-shenzhen"},
    )
    assert config.region == "cn-beijing"


def test_config_region_wins_over_the_environment(tmp_path):
    config = stack_config(
        tmp_path,
        "name: shop\nruntime: python\n",
        "config:\n  alicloud:region: cn-hangzhou\n",
        environ={"ALICLOUD_REGION": "cn-beijing"},
    )
    assert config.region == "cn-hangzhou"
    assert not any("ALICLOUD_REGION=" in note for note in config.notes)


def test_no_region_anywhere_is_empty_and_noted(tmp_path):
    config = stack_config(tmp_path, "name: shop\nruntime: python\n")
    assert config.region == ""
    assert any("cn-beijing" in note for note in config.notes)


# --------------------------------------------------------------------------- forms the CLI rejects


@pytest.mark.parametrize(
    ("config_block", "message"),
    [
        (
            "  tier: {default: a, value: b}\n",
            "project config 'tier' cannot have both a 'default' and 'value' attribute",
        ),
        (
            "  alicloud:region: {default: cn-hangzhou}\n",
            "Configuration key 'alicloud:region' is not namespaced by the project and should not define a "
            "default value. Did you mean to use the 'value' attribute instead of 'default'?",
        ),
        (
            "  alicloud:region: {type: string, value: cn-hangzhou}\n",
            "Configuration key 'alicloud:region' is not namespaced by the project and should not define a type",
        ),
        (
            "  alicloud:region: {description: where}\n",
            "Configuration key 'alicloud:region' is namespaced and must provide an attribute 'value'",
        ),
        (
            "  zones: {type: array}\n",
            "The configuration key 'zones' declares an array but does not specify the underlying type via the "
            "'items' attribute",
        ),
        (
            "  replicas: {type: integer, default: many}\n",
            "The default value specified for configuration key 'replicas' is not of the expected type 'integer'",
        ),
        (
            "  zones: {type: array, items: {type: string}, default: [1, 2]}\n",
            "The default value specified for configuration key 'zones' is not of the expected type 'array<string>'",
        ),
        ("  tier: {defualt: small}\n", "additionalProperties 'defualt' not allowed; did you mean 'default'?"),
        ("  tier: {type: text}\n", "value must be one of"),
    ],
)
def test_pulumi_yaml_config_forms_the_cli_rejects(tmp_path, config_block, message):
    with pytest.raises(PreviewError) as caught:
        write_project(tmp_path, "name: shop\nruntime: python\nconfig:\n" + config_block)
    assert message in str(caught.value)
    assert "Pulumi.yaml" in str(caught.value)


def test_stack_value_of_the_wrong_type_is_refused(tmp_path):
    with pytest.raises(
        PreviewError, match="Stack 'dev' with configuration key 'replicas' must be of type 'integer'"
    ):
        stack_config(
            tmp_path,
            "name: shop\nruntime: python\nconfig:\n  replicas: {type: integer}\n",
            "config:\n  shop:replicas: three\n",
        )


@pytest.mark.parametrize(
    ("declaration", "stack_value"),
    [
        ("{type: integer}", "3"),
        ("{type: integer}", "'3'"),
        ("{type: boolean}", "true"),
        ("{type: string}", "3"),  # the CLI checks the string it stores
        ("{type: array, items: {type: integer}}", "[1, 2]"),
        ("{type: object}", "{a: 1}"),
    ],
)
def test_stack_values_the_cli_accepts_for_typed_keys(tmp_path, declaration, stack_value):
    stack_config(
        tmp_path,
        f"name: shop\nruntime: python\nconfig:\n  k: {declaration}\n",
        f"config:\n  shop:k: {stack_value}\n",
    )


def test_required_project_keys_missing_from_the_stack_are_listed(tmp_path):
    with pytest.raises(PreviewError, match="Stack 'dev' is missing configuration values 'a' and 'b'"):
        stack_config(
            tmp_path, "name: shop\nruntime: python\nconfig:\n  b: {type: string}\n  a: {type: string}\n"
        )


def test_stack_keys_with_too_many_colons_are_refused(tmp_path):
    with pytest.raises(PreviewError, match="could not parse a:b:c as a configuration key"):
        stack_config(tmp_path, "name: shop\nruntime: python\n", "config:\n  a:b:c: 1\n")


def test_duplicate_keys_are_refused_like_the_cli(tmp_path):
    with pytest.raises(PreviewError, match='mapping key "alicloud:region" already defined'):
        stack_config(
            tmp_path, "name: shop\nruntime: python\n", "config:\n  alicloud:region: a\n  alicloud:region: b\n"
        )


# --------------------------------------------------------------------------- project shape and names


def test_main_and_stack_config_dir_are_honoured(tmp_path):
    (tmp_path / "prog").mkdir()
    (tmp_path / "prog" / "__main__.py").write_text("")
    (tmp_path / "Pulumi.yaml").write_text(
        "name: shop\nruntime:\n  name: python\nmain: prog/\nstackConfigDir: prog\n"
    )
    project = load_project(tmp_path)
    assert project.program_dir == (tmp_path / "prog").resolve()
    assert project.stack_config_dir == (tmp_path / "prog").resolve()
    assert python_virtualenv(project) is None


def test_virtualenv_is_resolved_from_the_project_root(tmp_path):
    project = write_project(
        tmp_path, "name: shop\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n"
    )
    assert python_virtualenv(project) == (tmp_path / "venv").resolve()


def test_uv_projects_use_the_venv_beside_uv_lock(tmp_path, monkeypatch):
    monkeypatch.delenv("UV_PROJECT_ENVIRONMENT", raising=False)
    (tmp_path / "uv.lock").write_text("")
    project = write_project(tmp_path, "name: shop\nruntime: python\n")
    assert python_virtualenv(project) == (tmp_path / ".venv").resolve()


@pytest.mark.parametrize(
    ("pulumi_yaml", "message"),
    [
        (
            "name: shop\nruntime: go\n",
            "runs Python and Node.js \\(TypeScript and JavaScript\\) programs only",
        ),
        ("name: shop\nruntime: nodejs\n", "has no package.json, index.ts or index.js"),
        ("runtime: python\n", "project is missing a 'name' attribute"),
        ("nmae: shop\nruntime: python\n", "project is missing a 'name' attribute; found 'nmae' instead"),
        ("name: ''\nruntime: python\n", "project is missing a non-empty string 'name' attribute"),
        (
            "name: my shop\nruntime: python\n",
            "project names may only contain alphanumerics, hyphens, underscores, and periods",
        ),
        (f"name: {'a' * 101}\nruntime: python\n", "project names are limited to 100 characters"),
        ("name: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_projects_are_refused(tmp_path, pulumi_yaml, message):
    with pytest.raises(PreviewError, match=message):
        write_project(tmp_path, pulumi_yaml)


@pytest.mark.parametrize(
    ("stack", "message"),
    [
        ("", "a stack name may not be empty"),
        ("de v", 'invalid character " " at position 2'),
        ("x" * 101, "a stack name cannot exceed 100 characters"),
        ("org/shop/dev", "give the stack's own name"),
    ],
)
def test_bad_stack_names_are_refused(tmp_path, stack, message):
    project = write_project(tmp_path, "name: shop\nruntime: python\n", "config: {}\n")
    with pytest.raises(PreviewError, match=message):
        load_stack_config(project, stack, environ={})


def test_missing_stack_lists_the_known_ones(tmp_path):
    project = write_project(tmp_path, "name: shop\nruntime: python\n", "config: {}\n", stack="prod")
    with pytest.raises(PreviewError, match=r"no such stack 'dev'.*stacks here: prod"):
        load_stack_config(project, "dev", environ={})


# --------------------------------------------------------------------------- YAML bomb


def billion_laughs(levels=9):
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "config:\n" + "\n".join("  shop:" + line for line in lines) + "\n"


def test_an_alias_bomb_in_a_stack_file_fails_fast_with_small_memory(tmp_path):
    project = write_project(tmp_path, "name: shop\nruntime: python\n", billion_laughs())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(PreviewError) as caught:
        load_stack_config(project, "dev", environ={})
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KiB on Linux: < 100 MB
    assert "Pulumi.dev.yaml" in str(caught.value)
    assert "excessive aliasing" in str(caught.value)


def test_a_few_anchors_are_fine(tmp_path):
    config = stack_config(
        tmp_path,
        "name: shop\nruntime: python\n",
        "config:\n  shop:base: &base {cpu: 2}\n  shop:web: *base\n  shop:api: {<<: *base, cpu: 4}\n",
    )
    assert config.values["shop:web"] == '{"cpu":2}'
    assert config.values["shop:api"] == '{"cpu":4}'


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    (tmp_path / "big.yaml").write_text("a: " + "x" * (5 * 1024 * 1024))
    with pytest.raises(PreviewError, match=r"big\.yaml is .* bytes; the limit is"):
        read_yaml(tmp_path / "big.yaml")


def test_parse_yaml_names_the_source():
    with pytest.raises(PreviewError, match=r"stack\.yaml is not valid YAML"):
        parse_yaml("a: [", "stack.yaml")
