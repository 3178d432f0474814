"""Data sources answered offline: from --data-sources, the dated catalogue, placeholders, or refused when strict."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from types import SimpleNamespace

import pulumi
import pulumi_alicloud as alicloud
import pytest
from pulumi.runtime import rpc

from retail_ai_components.preview.datasources import (
    DataSourceRejected,
    DataSources,
    DataSourceUnanswered,
    function_name,
    token_for,
)
from retail_ai_components.preview.errors import PreviewError

ZONES = "alicloud:index/getZones:getZones"
IMAGES = "alicloud:ecs/getImages:getImages"
TYPES = "alicloud:ecs/getInstanceTypes:getInstanceTypes"

# Sourced 2026-11-22 (catalogue "kms-zones-zh" + "eci-zones"): Hangzhou zones B and E to K.
HANGZHOU_ZONES = [f"cn-hangzhou-{z}" for z in "befghijk"]


@pytest.fixture
def sdk_invoke(monkeypatch):
    """Routes the SDK's own data source functions to a DataSources, through the SDK's result types.

    This is the path a program's call takes: pulumi.runtime.invoke(token, args, typ=Get...Result).value, then
    the SDK builds its Awaitable result from it. A result of the wrong shape raises here as it would there.
    """

    def install(sources: DataSources):
        def invoke(token, args, opts=None, typ=None, package_ref=None):
            sent = {k: v for k, v in args.items() if v is not None}
            result = sources.invoke(token, sent)
            value = rpc.translate_output_properties(result, lambda name: name, typ) if typ else result
            return SimpleNamespace(value=value)

        monkeypatch.setattr(pulumi.runtime, "invoke", invoke)

    return install


# --------------------------------------------------------------------------- catalogue


def test_zones_for_cn_hangzhou_are_the_sourced_list(sdk_invoke):
    sdk_invoke(DataSources("cn-hangzhou"))
    zones = alicloud.get_zones(available_resource_creation="VSwitch")
    assert [z.id for z in zones.zones] == HANGZHOU_ZONES
    assert zones.ids == HANGZHOU_ZONES
    assert zones.available_resource_creation == "VSwitch"  # echoed, as the provider does


def test_every_catalogued_zone_belongs_to_its_region():
    catalogue = json.loads(
        (
            __import__("pathlib").Path(__file__).resolve().parents[2]
            / "retail_ai_components/preview/data/datasources/alicloud.json"
        ).read_text()
    )
    for region, entry in catalogue["regions"].items():
        for source in entry["source"]:
            assert source in catalogue["sources"], (region, source)
        for zone in entry["zones"] or []:
            assert zone.startswith(region + "-") or zone[:-1] == region, zone
    for source in catalogue["sources"].values():
        assert source["url"].startswith("https://") and source["retrieved"]


def test_zone_filters_that_cannot_be_known_are_named_in_the_notes():
    sources = DataSources("cn-shanghai")
    result = sources.invoke(ZONES, {"availableInstanceType": "ecs.g7.large"})
    assert result["ids"][0] == "cn-shanghai-a"
    (note,) = sources.notes()
    assert "alicloud.get_zones(available_instance_type='ecs.g7.large')" in note
    assert "not knowable offline: availableInstanceType='ecs.g7.large'" in note


def test_multi_zone_lookups_answer_single_zones_and_say_so():
    sources = DataSources("cn-hangzhou")
    result = sources.invoke(ZONES, {"multi": True, "availableResourceCreation": "Rds"})
    assert result["ids"] == HANGZHOU_ZONES
    assert "multi=true: single zones given" in sources.notes()[0]


def test_a_region_whose_zones_are_not_sourced_is_a_placeholder_or_refused_when_strict():
    sources = DataSources("ap-northeast-1")
    sources.invoke(ZONES, {})
    assert (
        "PLACEHOLDER (not in the catalogue (the zones of ap-northeast-1 are not in the catalogue"
        in sources.notes()[0]
    )
    with pytest.raises(DataSourceUnanswered, match="zones of ap-northeast-1 are not in the catalogue"):
        DataSources("ap-northeast-1", strict=True).invoke(ZONES, {})


def test_regions_current_and_by_name(sdk_invoke):
    sdk_invoke(DataSources("cn-shenzhen"))
    current = alicloud.get_regions(current=True)
    assert [r.id for r in current.regions] == ["cn-shenzhen"]
    assert current.regions[0].local_name == "China (Shenzhen)"
    assert "cn-hangzhou" in alicloud.get_regions().ids


def test_account_and_caller_identity_are_marked_placeholders(sdk_invoke):
    sources = DataSources("cn-hangzhou")
    sdk_invoke(sources)
    assert alicloud.get_account().id == "0000000000000000"
    identity = alicloud.get_caller_identity()
    assert identity.account_id == "0000000000000000"
    assert identity.arn == "acs:ram::0000000000000000:root"
    assert all("PLACEHOLDER" in note for note in sources.notes())
    assert {p.value for p in sources.placeholders()} >= {"0000000000000000", "acs:ram::0000000000000000:root"}


def test_images_by_name_regex_most_recent(sdk_invoke):
    sources = DataSources("cn-hangzhou")
    sdk_invoke(sources)
    images = alicloud.ecs.get_images(name_regex="^ubuntu_18.*64", most_recent=True, owners="system")
    assert [i.id for i in images.images] == ["ubuntu_18_04_64_20G_alibase_20190624.vhd"]
    assert images.images[0].os_type == "linux"
    placeholder = alicloud.ecs.get_images(name_regex="^aliyun_3", owners="system")
    assert placeholder.ids == ["aliyun_3_x64_20G_alibase_00000000.vhd"]
    assert "PLACEHOLDER image IDs" in sources.notes()[-1]


@pytest.mark.parametrize(
    "args",
    [{"owners": "self"}, {"name_regex": "^default-NODELETING$"}, {"image_id": "m-bp1abc"}],
)
def test_images_the_catalogue_cannot_vouch_for_are_placeholders_or_refused_when_strict(args):
    camel = {
        token.split("_")[0] + "".join(p.title() for p in token.split("_")[1:]): v for token, v in args.items()
    }
    sources = DataSources("cn-hangzhou")
    result = sources.invoke(IMAGES, camel)
    assert result["images"][0]["id"].startswith("m-placeholder")
    assert "PLACEHOLDER" in sources.notes()[0]
    with pytest.raises(DataSourceUnanswered, match=r"alicloud\.ecs\.get_images"):
        DataSources("cn-hangzhou", strict=True).invoke(IMAGES, camel)


def test_instance_types_by_cpu_and_memory(sdk_invoke):
    sdk_invoke(DataSources("cn-hangzhou"))
    types = alicloud.ecs.get_instance_types(cpu_core_count=2, memory_size=8)
    assert [t.id for t in types.instance_types] == ["ecs.g6.large", "ecs.g7.large"]
    assert all(t.cpu_core_count == 2 and t.memory_size == 8 for t in types.instance_types)
    assert types.instance_types[0].availability_zones == HANGZHOU_ZONES
    family = alicloud.ecs.get_instance_types(instance_type_family="ecs.c7", cpu_core_count=4)
    assert family.ids == ["ecs.c7.xlarge"]
    # A previous generation only when asked for, as the provider (is_outdated defaults to false).
    assert alicloud.ecs.get_instance_types(instance_type_family="ecs.sn1ne").ids[0] == "ecs.sn1ne.large"
    assert "ecs.g5.large" in alicloud.ecs.get_instance_types(cpu_core_count=2, is_outdated=True).ids
    # Filters the catalogue cannot apply are named, not refused.
    gpu = alicloud.ecs.get_instance_types(gpu_amount=1, gpu_spec="NVIDIA A10", kubernetes_node_role="Worker")
    assert gpu.ids == ["ecs.gn7i-c8g1.2xlarge", "ecs.gn7i-c16g1.4xlarge"]
    assert gpu.instance_types[0].gpus[0].amount == "1"


# --------------------------------------------------------------------------- refusals


def test_strict_refuses_account_state_with_a_copy_pastable_snippet():
    with pytest.raises(DataSourceUnanswered) as caught:
        DataSources("cn-hangzhou", strict=True).invoke(
            "alicloud:vpc/getNetworks:getNetworks", {"nameRegex": "^prod$", "pageSize": 36.0}
        )
    message = str(caught.value)
    assert "alicloud.vpc.get_networks (alicloud:vpc/getNetworks:getNetworks)" in message
    assert "name_regex='^prod$', page_size=36" in message
    assert "--data-sources FILE" in message
    # gRPC sent 36.0; the snippet writes what the program wrote.
    assert (
        '`alicloud.vpc.get_networks: [{args: {"nameRegex": "^prod$", "pageSize": 36}, result: {...}}]`'
        in message
    )
    assert "vpcs" in message  # names the result's properties
    assert "\n" not in message  # one line on stderr


def test_refused_calls_are_listed_in_the_notes():
    sources = DataSources("cn-hangzhou", strict=True)
    with pytest.raises(DataSourceUnanswered):
        sources.invoke("alicloud:kms/getKeys:getKeys", {})
    assert sources.notes() == [
        "Data source alicloud.kms.get_keys() [alicloud:kms/getKeys:getKeys]: REFUSED: its answer is account state "
        "and --strict-data-sources refuses placeholders"
    ]


# --------------------------------------------------------------------------- --data-sources


def test_supplied_results_by_token_win_over_the_catalogue(tmp_path, sdk_invoke):
    path = tmp_path / "ds.yaml"
    path.write_text(f"{ZONES}:\n  zones: [{{id: cn-hangzhou-k}}]\n")
    sources = DataSources("cn-hangzhou", path)
    sdk_invoke(sources)
    assert [z.id for z in alicloud.get_zones().zones] == ["cn-hangzhou-k"]
    assert str(path) in sources.notes()[0]


def test_supplied_results_by_sdk_name_and_args_first_match_wins(tmp_path, sdk_invoke):
    path = tmp_path / "ds.json"
    path.write_text(
        json.dumps(
            {
                "alicloud.vpc.get_switches": [
                    {"args": {"vpc_id": "vpc-1", "zone_id": "cn-hangzhou-j"}, "result": {"ids": ["vsw-j"]}},
                    {
                        "args": {"vpc_id": "vpc-1"},
                        "result": {"ids": ["vsw-any"], "vswitches": [{"id": "vsw-any"}]},
                    },
                ]
            }
        )
    )
    sdk_invoke(DataSources("cn-hangzhou", path))
    assert alicloud.vpc.get_switches(vpc_id="vpc-1", zone_id="cn-hangzhou-j").ids == ["vsw-j"]
    other = alicloud.vpc.get_switches(vpc_id="vpc-1", zone_id="cn-hangzhou-k")
    assert other.ids == ["vsw-any"]
    assert other.vswitches[0].id == "vsw-any"
    # Not matched: a placeholder by default, refused naming the file when strict.
    assert alicloud.vpc.get_switches(vpc_id="vpc-2").vswitches[0].vpc_id == "vpc-2"
    sdk_invoke(DataSources("cn-hangzhou", path, strict=True))
    with pytest.raises(DataSourceUnanswered, match=r"no entry for it in .*ds\.json matches these args"):
        alicloud.vpc.get_switches(vpc_id="vpc-2")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- a\n", "expected a mapping of data source"),
        ("alicloud.vpc.get_switches: 3\n", "expected a result mapping or a non-empty list"),
        ("alicloud.vpc.get_switches: [{args: {}, reslt: {}}]\n", r"\[0\]: expected \{args"),
        ("alicloud.vpc.networks: {}\n", "neither a token"),
        ("alicloud.get_zones: {zones: 3}\n", "does not fit alicloud.get_zones's result"),
        ("a: &a [*a]\n", "recursive alias"),
    ],
)
def test_a_bad_data_sources_file_names_the_file_and_the_problem(tmp_path, content, message):
    path = tmp_path / "ds.yaml"
    path.write_text(content)
    with pytest.raises(PreviewError, match=message) as caught:
        DataSources("cn-hangzhou", path)
    assert "ds.yaml" in str(caught.value)


# --------------------------------------------------------------------------- computed by the provider


def test_a_policy_document_is_rendered_as_the_provider_renders_it(sdk_invoke):
    sources = DataSources("cn-hangzhou")
    sdk_invoke(sources)
    trust = alicloud.ram.get_policy_document(
        statements=[
            {
                "actions": ["sts:AssumeRole"],
                "principals": [{"entity": "Service", "identifiers": ["ecs.aliyuncs.com"]}],
            }
        ]
    )
    # The provider's acceptance test expects exactly this string for this statement.
    assert trust.document == (
        '{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}],'
        '"Version":"1"}'
    )
    assert trust.version == "1"
    assert trust.id.isdigit()
    assert trust.statements[0].effect == "Allow"  # the provider's default, echoed
    assert trust.statements[0].principals[0].identifiers == ["ecs.aliyuncs.com"]
    assert "answered from the provider's own rendering, offline" in sources.notes()[0]


def test_a_policy_document_the_provider_rejects_stops_the_run_naming_the_field(sdk_invoke):
    sdk_invoke(DataSources("cn-hangzhou"))
    with pytest.raises(DataSourceRejected) as caught:
        alicloud.ram.get_policy_document(statements=[{"effect": "Permit", "actions": ["oss:GetObject"]}])
    assert str(caught.value) == (
        "data source alicloud.ram.get_policy_document (alicloud:ram/getPolicyDocument:getPolicyDocument): "
        "statements[0].effect is 'Permit'; it must be one of Allow, Deny (the provider rejects it)"
    )


def test_a_policy_document_whose_order_is_the_providers_hashing_is_refused_with_how_to_write_it(sdk_invoke):
    sdk_invoke(DataSources("cn-hangzhou"))
    with pytest.raises(DataSourceUnanswered, match="list all of that entity's identifiers in one block"):
        alicloud.ram.get_policy_document(
            statements=[
                {
                    "actions": ["sts:AssumeRole"],
                    "principals": [
                        {"entity": "Service", "identifiers": ["ecs.aliyuncs.com"]},
                        {"entity": "Service", "identifiers": ["fc.aliyuncs.com"]},
                    ],
                }
            ]
        )


def test_answering_a_data_source_leaves_the_sdk_function_callable_in_the_same_process():
    # In-process runs (the record_resources helper) share pulumi_alicloud with the program: looking up the
    # result type of alicloud.vpc.get_networks must not replace that function with its module. A fresh
    # interpreter, since this process may already have loaded the package.
    script = (
        "from retail_ai_components.preview.datasources import DataSources, DataSourceUnanswered\n"
        "try:\n"
        "    DataSources('cn-hangzhou').invoke('alicloud:vpc/getNetworks:getNetworks', {})\n"
        "except DataSourceUnanswered:\n"
        "    pass\n"
        "import pulumi_alicloud as alicloud\n"
        "print(type(alicloud.vpc.get_networks).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "function"


def test_names_round_trip():
    assert function_name(IMAGES) == "alicloud.ecs.get_images"
    assert function_name(ZONES) == "alicloud.get_zones"
    assert token_for("alicloud.ecs.get_instance_types") == TYPES
    assert token_for("pulumi_alicloud.get_zones") == ZONES
    assert token_for(ZONES) == ZONES


# --------------------------------------------------------------------------- fixture programs


FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[1] / "preview" / "fixtures"


class _AnsweringMocks(pulumi.runtime.Mocks):
    """Pulumi's mock runtime with Invoke answered by a DataSources, as the engine's monitor does."""

    def __init__(self, sources: DataSources) -> None:
        self.sources = sources
        self.resources: dict[str, dict] = {}

    def new_resource(self, args):
        self.resources[args.name] = dict(args.inputs)
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args):
        return self.sources.invoke(args.token, dict(args.args))


def run_fixture(name: str, data_sources=None, strict=False):
    from retail_ai_components.preview.project import load_project
    from retail_ai_components.preview.stack_config import load_stack_config

    project = load_project(FIXTURES / name)
    config = load_stack_config(project, "dev", environ={})
    sources = DataSources(config.region, data_sources, strict=strict)
    mocks = _AnsweringMocks(sources)
    asyncio.set_event_loop(asyncio.new_event_loop())  # a fresh run: no loop or root stack left by another
    pulumi.runtime.settings.set_root_resource(None)
    pulumi.runtime.set_all_config(dict(config.values), list(config.secret_keys))
    pulumi.runtime.set_mocks(mocks, project=project.name, stack="dev", preview=True)

    @pulumi.runtime.test
    def program():
        __import__("runpy").run_path(str(project.program_dir / "__main__.py"))

    program()
    return mocks, sources


def test_public_style_program_previews_with_catalogue_answers():
    mocks, sources = run_fixture("data_sources")
    assert mocks.resources["vswitch"]["zoneId"] == "cn-hangzhou-b"  # zones[0] of the sourced Hangzhou list
    assert [note.split(" [")[0] for note in sources.notes()] == [
        "Data source alicloud.get_zones(available_resource_creation='VSwitch')",
        "Data source alicloud.ecs.get_images(most_recent=True, name_regex='^ubuntu_18.*64', owners='system')",
        "Data source alicloud.ecs.get_instance_types(availability_zone='cn-hangzhou-b', cpu_core_count=2, "
        "memory_size=8)",
    ]


def test_account_state_program_is_refused_when_strict_and_runs_with_supplied_answers():
    with pytest.raises(Exception, match=r"alicloud\.vpc\.get_networks") as caught:
        run_fixture("data_sources_supplied", strict=True)
    assert "name_regex='^shared-vpc$'" in str(caught.value)
    mocks, sources = run_fixture(
        "data_sources_supplied", FIXTURES / "data_sources_supplied" / "data-sources.yaml"
    )
    assert mocks.resources["app"]["vpcId"] == "vpc-bp1sharedvpc0000000001"
    assert "data-sources.yaml" in sources.notes()[0]
