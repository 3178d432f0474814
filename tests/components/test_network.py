"""Network under mocks: children, names, parentage, outputs, and every validation rule."""

from __future__ import annotations

import ipaddress

import pytest

from retail_ai_components import InvalidArgumentError, Network
from retail_ai_components.network import TYPE_TOKEN

ZONES = ["cn-hangzhou-i", "cn-hangzhou-j"]


def test_children_are_derived_from_the_component_name_and_parented_to_it(record):
    run = record(lambda: Network("core", {"zone_ids": ZONES}))
    component = run.of_type(TYPE_TOKEN)[0]
    children = [r for r in run.resources if r.parent == component.urn]
    assert children, "the component registered no children"
    assert all(c.name.startswith("core-") for c in children)
    assert len(run.of_type("alicloud:vpc/network:Network")) == 1
    # four tiers in two zones
    assert len(run.of_type("alicloud:vpc/switch:Switch")) == 8
    assert {c.name for c in run.of_type("alicloud:ecs/securityGroup:SecurityGroup")} == {
        "core-sg-inference",
        "core-sg-data",
        "core-sg-pods",
        "core-sg-training",
    }
    # engine URNs: a child's type chain starts at the component, never at the stack
    vpc = run.named("core-vpc")
    assert vpc.urn == f"urn:pulumi:test::test::{TYPE_TOKEN}$alicloud:vpc/network:Network::core-vpc"
    assert "pulumi:pulumi:Stack$" not in vpc.urn


def test_vswitches_reference_the_vpc_and_sit_in_their_zone_inside_the_vpc_cidr(record):
    run = record(lambda: Network("core", {"zone_ids": ZONES, "cidr_block": "10.0.0.0/8"}))
    vpc = run.named("core-vpc")
    switches = run.of_type("alicloud:vpc/switch:Switch")
    blocks = [ipaddress.ip_network(s.inputs["cidrBlock"]) for s in switches]
    assert all(b.subnet_of(ipaddress.ip_network("10.0.0.0/8")) for b in blocks)
    assert not any(a.overlaps(b) for i, a in enumerate(blocks) for b in blocks[i + 1 :])
    for switch in switches:
        assert switch.inputs["vpcId"] == vpc.id
        assert switch.inputs["zoneId"] in ZONES
        assert vpc.urn in switch.dependencies
    assert run.named("core-vsw-pods-cn-hangzhou-j").inputs["cidrBlock"] == "10.65.0.0/16"


def test_default_ingress_comes_only_from_the_vpc_on_intranet_nics(record):
    run = record(
        lambda: Network(
            "core",
            {
                "zone_ids": ZONES[:1],
                "cidr_block": "172.16.0.0/12",
                "vswitch_prefix_lengths": {"pods": 16, "inference": 18},
            },
        )
    )
    rules = run.of_type("alicloud:ecs/securityGroupRule:SecurityGroupRule")
    for rule in rules:
        assert rule.inputs["type"] == "ingress"
        assert rule.inputs["cidrIp"] == "172.16.0.0/12"
        assert rule.inputs["nicType"] == "intranet"
    # TCP to every tier and nothing else: DNS over UDP 53 belongs on the group CoreDNS's ENIs use, which the
    # BurstCluster knows (its node tier's); the pods tier's group holds only ECI burst pods, which serve none.
    by_protocol = sorted(
        (r.inputs["ipProtocol"], r.inputs["portRange"], r.name.split("-sg-")[1]) for r in rules
    )
    assert by_protocol == [
        ("tcp", "1/65535", "data-ingress-0"),
        ("tcp", "1/65535", "inference-ingress-0"),
        ("tcp", "1/65535", "pods-ingress-0"),
        ("tcp", "1/65535", "training-ingress-0"),
    ]


def test_ingress_rules_from_a_tier_use_that_tiers_security_group(record):
    rules = [{"tier": "data", "port_range": "6379/6379", "source_tier": "inference"}]
    run = record(lambda: Network("core", {"zone_ids": ZONES, "ingress_rules": rules}))
    [rule] = run.of_type("alicloud:ecs/securityGroupRule:SecurityGroupRule")
    assert rule.name == "core-sg-data-ingress-0"
    assert rule.inputs["sourceSecurityGroupId"] == run.named("core-sg-inference").id
    assert rule.inputs["securityGroupId"] == run.named("core-sg-data").id
    assert "cidrIp" not in rule.inputs


def test_no_nat_means_no_public_address_at_all(record):
    run = record(lambda: Network("core", {"zone_ids": ZONES}))
    assert not run.of_type("alicloud:vpc/natGateway:NatGateway")
    assert not run.of_type("alicloud:ecs/eipAddress:EipAddress")


def test_per_zone_nat_binds_each_eip_to_its_nat_gateway_and_snats_every_vswitch(record):
    run = record(lambda: Network("core", {"zone_ids": ZONES, "nat": "per_zone"}))
    gateways = run.of_type("alicloud:vpc/natGateway:NatGateway")
    assert len(gateways) == 2
    associations = run.of_type("alicloud:ecs/eipAssociation:EipAssociation")
    assert {a.inputs["instanceId"] for a in associations} == {g.id for g in gateways}
    assert all(a.inputs["instanceType"] == "Nat" for a in associations)
    snats = run.of_type("alicloud:vpc/snatEntry:SnatEntry")
    assert len(snats) == 8
    assert not run.of_type("alicloud:vpc/forwardEntry:ForwardEntry")  # no DNAT, nothing inbound
    assert all(g.inputs["deletionProtection"] is True for g in gateways)
    eips = run.of_type("alicloud:ecs/eipAddress:EipAddress")
    assert len(eips) == 2 and all(e.inputs["deletionProtection"] is True for e in eips)
    j_switch = run.named("core-vsw-data-cn-hangzhou-j")
    j_snat = run.named("core-snat-data-cn-hangzhou-j")
    assert j_snat.inputs["sourceVswitchId"] == j_switch.id
    assert run.named("core-nat-cn-hangzhou-j").urn in j_snat.dependencies


def test_single_nat_lives_in_the_first_zone(record):
    run = record(lambda: Network("core", {"zone_ids": ZONES, "nat": "single"}))
    [gateway] = run.of_type("alicloud:vpc/natGateway:NatGateway")
    assert gateway.name == "core-nat-cn-hangzhou-i"


def test_outputs_are_registered(record):
    run = record(lambda: Network("core", {"zone_ids": ZONES}))
    outputs = run.of_type(TYPE_TOKEN)[0].outputs
    assert outputs is not None
    assert outputs["vpcId"] == run.named("core-vpc").id
    assert (
        outputs["vswitchIds"]["inference"]["cn-hangzhou-j"]
        == run.named("core-vsw-inference-cn-hangzhou-j").id
    )
    assert set(outputs["securityGroupIds"]) == {"inference", "data", "pods", "training"}


def test_explicit_vswitches_are_used_as_given(record):
    vswitches = [
        {"tier": "inference", "zone_id": "cn-hangzhou-i", "cidr_block": "10.1.0.0/16"},
        {"tier": "data", "zone_id": "cn-hangzhou-i", "cidr_block": "10.2.0.0/24"},
    ]
    run = record(
        lambda: Network(
            "core", {"zone_ids": ["cn-hangzhou-i"], "tiers": ["inference", "data"], "vswitches": vswitches}
        )
    )
    assert run.named("core-vsw-inference-cn-hangzhou-i").inputs["cidrBlock"] == "10.1.0.0/16"
    assert len(run.of_type("alicloud:vpc/switch:Switch")) == 2


def test_caller_options_reach_the_children(record):
    import pulumi

    run = record(lambda: Network("core", {"zone_ids": ZONES}, pulumi.ResourceOptions(protect=True)))
    assert run.named("core-vpc").protect


@pytest.mark.parametrize(
    ("args", "field", "rule"),
    [
        ({"zone_ids": []}, "zone_ids", "at least 1"),
        ({"zone_ids": ["cn-beijing-a"]}, "zone_ids[0]", "not in region 'cn-hangzhou'"),
        ({"zone_ids": ["cn-hangzhou-i", "cn-hangzhou-i"]}, "zone_ids", "more than once"),
        ({"zone_ids": ZONES, "cidr_block": "10.0.0.0/33"}, "cidr_block", "not a valid IPv4 CIDR"),
        ({"zone_ids": ZONES, "cidr_block": "10.0.0.1/8"}, "cidr_block", "not a valid IPv4 CIDR"),
        ({"zone_ids": ZONES, "cidr_block": "10.0.0.0/16"}, "vswitch_prefix_lengths.inference", "do not fit"),
        (
            {"zone_ids": ZONES, "vswitch_prefix_lengths": {"pods": 30}},
            "vswitch_prefix_lengths.pods",
            "outside",
        ),
        ({"zone_ids": ZONES, "nat": "sometimes"}, "nat", "Input should be"),
        ({"zone_ids": ZONES, "colour": "blue"}, "colour", "not a known argument"),
        (
            {
                "zone_ids": ZONES,
                "vswitches": [{"tier": "data", "zone_id": "cn-hangzhou-i", "cidr_block": "192.168.0.0/24"}],
            },
            "vswitches[0].cidr_block",
            "outside the VPC CIDR",
        ),
        (
            {
                "zone_ids": ZONES,
                "vswitches": [
                    {"tier": "data", "zone_id": "cn-hangzhou-i", "cidr_block": "10.0.0.0/16"},
                    {"tier": "pods", "zone_id": "cn-hangzhou-i", "cidr_block": "10.0.128.0/20"},
                ],
            },
            "vswitches[1].cidr_block",
            "overlaps vswitches[0]",
        ),
        (
            {
                "zone_ids": ZONES,
                "vswitches": [{"tier": "data", "zone_id": "cn-hangzhou-k", "cidr_block": "10.0.0.0/24"}],
            },
            "vswitches[0].zone_id",
            "not one of zone_ids",
        ),
        (
            {
                "zone_ids": ZONES,
                "ingress_rules": [{"tier": "data", "port_range": "22/22", "cidr_ip": "0.0.0.0/0"}],
            },
            "ingress_rules[0].cidr_ip",
            "not inside the VPC CIDR",
        ),
        (
            {"zone_ids": ZONES, "ingress_rules": [{"tier": "data", "port_range": "22/22"}]},
            "ingress_rules[0]",
            "exactly one of",
        ),
        (
            {
                "zone_ids": ZONES,
                "ingress_rules": [{"tier": "data", "port_range": "443/80", "cidr_ip": "10.0.0.0/8"}],
            },
            "ingress_rules[0].port_range",
            "1 <= FROM <= TO <= 65535",
        ),
        (
            {"zone_ids": ZONES, "vswitch_prefix_lengths": {"gpu": 20}},
            "vswitch_prefix_lengths.gpu",
            "'gpu' is not a tier",
        ),
        ({"zone_ids": ZONES, "tiers": ["data", "gpu"]}, "tiers[1]", "Input should be"),
        (
            # The default rules admit the VPC CIDR: 0.0.0.0/0 would open them to the internet.
            {"zone_ids": ZONES, "cidr_block": "0.0.0.0/0"},
            "cidr_block",
            "not inside 10.0.0.0/8",
        ),
        (
            # AllocateEipAddress refuses more than 200 Mbit/s for PayByTraffic EIPs at `pulumi up`.
            {"zone_ids": ZONES, "nat_bandwidth_mbps": 201},
            "nat_bandwidth_mbps",
            "200",
        ),
        (
            # Arabic-Indic digits: a Unicode \d would accept them, the API does not.
            {
                "zone_ids": ZONES,
                "ingress_rules": [
                    {"tier": "data", "port_range": "\u0662\u0662/\u0662\u0662", "cidr_ip": "10.0.0.0/8"}
                ],
            },
            "ingress_rules[0].port_range",
            "pattern",
        ),
    ],
)
def test_bad_args_raise_one_error_naming_the_field_before_anything_registers(record, args, field, rule):
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: Network("core", args))
    assert caught.value.field == field
    assert rule in caught.value.rule
    assert "Network 'core'" in str(caught.value)


def test_nothing_is_registered_when_validation_fails(record):
    registered = []

    def program():
        try:
            Network("core", {"zone_ids": ["cn-beijing-a"]})
        except InvalidArgumentError:
            registered.append("raised")

    run = record(program)
    assert registered == ["raised"]
    assert [r.type for r in run.resources] == ["pulumi:pulumi:Stack"]


def test_region_must_be_known(record):
    from retail_ai_components.preview.recorder import record_resources

    with pytest.raises(InvalidArgumentError, match="no region"):
        record_resources(lambda: Network("core", {"zone_ids": ZONES}))


def test_per_zone_nat_routes_each_zone_to_its_own_gateway(record):
    run = record(lambda: Network("core", {"zone_ids": ZONES[:2], "nat": "per_zone"}))
    tables = {t.name: t for t in run.of_type("alicloud:vpc/routeTable:RouteTable")}
    assert set(tables) == {f"core-rt-{z}" for z in ZONES[:2]}
    for zone in ZONES[:2]:
        table = tables[f"core-rt-{zone}"]
        [route] = [
            r
            for r in run.of_type("alicloud:vpc/routeEntry:RouteEntry")
            if r.inputs["routeTableId"] == table.id
        ]
        assert route.inputs["destinationCidrblock"] == "0.0.0.0/0"
        assert route.inputs["nexthopType"] == "NatGateway"
        assert route.inputs["nexthopId"] == run.named(f"core-nat-{zone}").id
        attached = {
            a.inputs["vswitchId"]
            for a in run.of_type("alicloud:vpc/routeTableAttachment:RouteTableAttachment")
            if a.inputs["routeTableId"] == table.id
        }
        # Every workload vSwitch of the zone, and no other zone's.
        assert attached == {
            s.id
            for s in run.of_type("alicloud:vpc/switch:Switch")
            if s.name.endswith(zone) and "-vsw-nat-" not in s.name
        }


def test_a_single_nat_gateway_keeps_the_system_route_table(record):
    run = record(lambda: Network("core", {"zone_ids": ZONES[:2], "nat": "single"}))
    assert not run.of_type("alicloud:vpc/routeTable:RouteTable")
    assert not run.of_type("alicloud:vpc/routeEntry:RouteEntry")


def test_defaults_come_from_the_args_declaration(record):
    # Only zone_ids given: the VPC CIDR, all four tiers and the NAT EIP bandwidth are the declared defaults.
    run = record(lambda: Network("core", {"zone_ids": ZONES[:1], "nat": "single"}))
    assert run.named("core-vpc").inputs["cidrBlock"] == "10.0.0.0/8"
    groups = sorted(g.name for g in run.of_type("alicloud:ecs/securityGroup:SecurityGroup"))
    assert groups == ["core-sg-data", "core-sg-inference", "core-sg-pods", "core-sg-training"]
    assert run.named("core-nat-eip-cn-hangzhou-i").inputs["bandwidth"] == "200"
