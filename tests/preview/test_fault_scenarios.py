"""The CLI against programs and packs that misbehave, as data: each scenario's project, environment and
arguments, the exit code and words it must end with, and the secrets planted in it that no output may
carry (stdout, stderr with GitHub annotations, the SARIF log, the JUnit report), in any spelling."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_harness import run

pytestmark = pytest.mark.slow  # each scenario runs the preview in subprocesses

# Planted secrets, one per source the run knows as secret.
STACK_ACCESS_KEY = "LTAIstackfileAccess42"
STACK_SECRET_KEY = "StackFileSecretKey-7Qx9"
STACK_TOKEN = "STS.stackfileToken99"
EXPLICIT_ACCESS_KEY = "LTAIexplicitAccess55"
EXPLICIT_SECRET_KEY = "ExplicitSecret-Kd8m"
ENV_SECRET = "EnvSecretValue-Zp3w"
ENV_ACCESS_KEY = "LTAIenvAccessKey77"
REQUIRED_SECRET = "PlainConfigToken-Yt6r"
TAIR_PASSWORD = "TairPassword-Rb4n"
OUTPUT_SECRET = "OutputSecret-Hv2c"
NUMBER_SECRET = "918273645"
ALL_SECRETS = (
    STACK_ACCESS_KEY,
    STACK_SECRET_KEY,
    STACK_TOKEN,
    EXPLICIT_ACCESS_KEY,
    EXPLICIT_SECRET_KEY,
    ENV_SECRET,
    ENV_ACCESS_KEY,
    REQUIRED_SECRET,
    TAIR_PASSWORD,
    OUTPUT_SECRET,
    NUMBER_SECRET,
)

STACK_FILE = f"""config:
  alicloud:region: cn-hangzhou
  alicloud:accessKey: {STACK_ACCESS_KEY}
  alicloud:secretKey: {STACK_SECRET_KEY}
  alicloud:securityToken: {STACK_TOKEN}
  leaky:apiToken: {REQUIRED_SECRET}
"""
SECRET_ENV = {"ALIBABA_CLOUD_ACCESS_KEY_SECRET": ENV_SECRET, "ALICLOUD_ACCESS_KEY": ENV_ACCESS_KEY}

# Every secret registered, then printed in the forms printing gives it; RAISE decides how the program ends.
LEAKY_PROGRAM = f"""
import os
import pulumi
import pulumi_alicloud as alicloud

stack_keys = pulumi.Config("alicloud")
token = pulumi.Config().require_secret("apiToken")
explicit = alicloud.Provider(
    "explicit", region="cn-hangzhou", access_key="{EXPLICIT_ACCESS_KEY}", secret_key="{EXPLICIT_SECRET_KEY}"
)
print("explicit keys", "{EXPLICIT_ACCESS_KEY}", "{EXPLICIT_SECRET_KEY}".lower())
print("stack keys", stack_keys.get("secretKey").upper(), repr(stack_keys.get("accessKey")), stack_keys.get("securityToken"))
print("environment", os.environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"], os.environ["ALICLOUD_ACCESS_KEY"].lower())
cache = alicloud.kvstore.Instance(
    "cache",
    password="{TAIR_PASSWORD}",
    vswitch_id="vsw-1",
    security_ips=["10.0.0.0/16"],
    instance_class="redis.master.small.default",
    opts=pulumi.ResourceOptions(provider=explicit),
)
alicloud.vpc.Network("vpc", cidr_block="10.0.0.0/16")
pulumi.export("token", token)
pulumi.export("literal", pulumi.Output.secret("{OUTPUT_SECRET}"))
pulumi.export("number", pulumi.Output.secret({NUMBER_SECRET}))


def fail(values):
    raise Exception(
        "cannot go on: " + os.environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] + " {TAIR_PASSWORD}".upper()
        + f" {{{NUMBER_SECRET}:g}} {{values[1]!r}} {EXPLICIT_SECRET_KEY}"
    )


if os.environ.get("RAISE"):
    # After the registrations reached the engine: the run knows every value as secret by then.
    pulumi.Output.all(cache.id, token).apply(fail)
"""

# A pack whose messages quote the secrets in other spellings, and one message of a megabyte.
LEAKY_PACK = f'''
from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationPolicy


def validate(args, report_violation):
    if args.resource_type == "alicloud:kvstore/instance:Instance":
        report_violation(
            "password {TAIR_PASSWORD}".lower() + " " + repr("{EXPLICIT_SECRET_KEY}")
            + f" {{{NUMBER_SECRET}:.5e}} " + "{STACK_SECRET_KEY}".upper()
        )
        report_violation("w" * 1_000_000)  # a message is cut at 16 KiB, saying so


PolicyPack(
    name="leaky-pack",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[ResourceValidationPolicy(name="quotes-secrets", description="Quotes secrets.", validate=validate)],
)
'''

REGISTERS_A_VPC = """
import pulumi_alicloud as alicloud

alicloud.vpc.Network("vpc", cidr_block="10.0.0.0/16")
"""


@dataclass(frozen=True)
class Scenario:
    name: str
    program: str
    stack_file: str = "config:\n  alicloud:region: cn-hangzhou\n"
    env: dict[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ("--policy-pack", "none")
    pack: str = ""
    exit: int = 0
    says: tuple[str, ...] = ()
    """Words stderr (text) or the JSON document (--json) must carry."""
    secrets: tuple[str, ...] = ()
    modes: tuple[str, ...] = ("json",)
    command: str = "preview"


SCENARIOS = [
    # Secrets, planted in every source, searched in every output.
    Scenario(
        "secrets in a run that completes",
        LEAKY_PROGRAM,
        STACK_FILE,
        SECRET_ENV,
        secrets=ALL_SECRETS,
        modes=("json", "text"),
    ),
    Scenario(
        "secrets in the program's exception",
        LEAKY_PROGRAM,
        STACK_FILE,
        {**SECRET_ENV, "RAISE": "1"},
        exit=2,
        says=("the program raised Exception", "cannot go on: [secret]"),
        secrets=ALL_SECRETS,
        modes=("json", "text"),
    ),
    Scenario(
        "secrets in a pack's messages",
        LEAKY_PROGRAM,
        STACK_FILE,
        SECRET_ENV,
        args=(),
        pack=LEAKY_PACK,
        exit=1,
        says=("quotes-secrets", "more bytes cut]"),
        secrets=ALL_SECRETS,
        modes=("json", "text"),
    ),
    Scenario(
        "secrets in a refused data source",
        REGISTERS_A_VPC + f"alicloud.kvstore.Instance('c', password='{TAIR_PASSWORD}', vswitch_id='v', "
        "instance_class='redis.master.small.default').id.apply("
        f"lambda _: alicloud.vpc.get_networks(name_regex='{TAIR_PASSWORD}'))\n",
        args=("--policy-pack", "none", "--strict-data-sources"),
        exit=2,
        says=("cannot be answered offline", "name_regex='[secret]'"),
        secrets=(TAIR_PASSWORD,),
    ),
    Scenario(
        "secrets in retail-ai cost's error",
        LEAKY_PROGRAM,
        STACK_FILE,
        {**SECRET_ENV, "RAISE": "1"},
        args=(),
        exit=2,
        says=("cannot go on: [secret]",),
        secrets=ALL_SECRETS,
        command="cost",
    ),
    # Limits.
    Scenario(
        "a program timeout of nan",
        REGISTERS_A_VPC,
        env={"RETAIL_AI_PROGRAM_TIMEOUT": "nan"},
        exit=2,
        says=("RETAIL_AI_PROGRAM_TIMEOUT='nan' must be a finite positive number of seconds",),
    ),
    Scenario(
        "a policy timeout of inf",
        REGISTERS_A_VPC,
        env={"RETAIL_AI_POLICY_TIMEOUT": "inf"},
        args=(),
        exit=2,
        says=("RETAIL_AI_POLICY_TIMEOUT='inf' must be a finite positive number of seconds",),
    ),
    Scenario(
        "a 10 MB exception message",
        "raise Exception('x' * 10_000_000)\n",
        exit=2,
        says=("the program raised Exception", "more bytes cut]"),
    ),
    Scenario(
        "a 4 MB line of program output",  # 60 times the 64 KiB a line keeps; 100 MB streams the same way
        REGISTERS_A_VPC + "print('y' * 4_000_000)\n",
        says=("more bytes of this line cut]",),
        modes=("text",),
    ),
    Scenario(
        "2.6 MB of program output in lines",  # over the 2 MiB kept, under the 10,000 lines
        REGISTERS_A_VPC + "for _ in range(1_300):\n    print('z' * 2_000)\n",
        says=("more lines", "than the report keeps"),
    ),
    # Engine rules.
    Scenario(
        "a custom resource type without the *:*:* shape",
        "import pulumi\npulumi.CustomResource('badtype', 'thing', {})\n",
        exit=2,
        says=("Type 'badtype' is not a valid type token (must have format '*:*:*')",),
    ),
    Scenario(
        "an unknown alicloud config key",
        REGISTERS_A_VPC,
        "config:\n  alicloud:region: cn-hangzhou\n  alicloud:regoin: cn-beijing\n",
        exit=2,
        says=(
            "`alicloud:regoin` is not a valid configuration key for the alicloud provider",
            "Did you mean `alicloud:region`?",
        ),
    ),
]


def _project(root: Path, scenario: Scenario) -> Path:
    project = root / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: leaky\nruntime: python\n")
    (project / "Pulumi.dev.yaml").write_text(scenario.stack_file)
    (project / "__main__.py").write_text(scenario.program)
    if scenario.pack:
        pack = project / "policies"
        pack.mkdir()
        (pack / "PulumiPolicy.yaml").write_text("runtime: python\nversion: 0.0.1\n")
        (pack / "__main__.py").write_text(scenario.pack)
    return project


def _leaked(secrets: tuple[str, ...], outputs: dict[str, str]) -> list[str]:
    """(output, secret) pairs where a secret shows in any case or, for a number, as %g/%e."""
    found = []
    for secret in secrets:
        spellings = {secret.lower()}
        if secret.isdigit():
            spellings |= {f"{float(secret):g}", f"{float(secret):.5e}"}
        for name, text in outputs.items():
            if any(spelling in text.lower() for spelling in spellings):
                found.append(f"{secret} in {name}")
    return found


CASES = [(s, mode) for s in SCENARIOS for mode in s.modes]


@pytest.mark.parametrize(("scenario", "mode"), CASES, ids=[f"{s.name} ({mode})" for s, mode in CASES])
def test_a_fault_ends_as_documented_and_leaks_no_secret(
    tmp_path: Path, scenario: Scenario, mode: str
) -> None:
    project = _project(tmp_path, scenario)
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    args = [scenario.command, "--cwd", str(project), *scenario.args]
    if scenario.command == "preview":
        args += ["--sarif", str(sarif), "--junit-xml", str(junit)]
        args += ["--json"] if mode == "json" else ["--debug", "--show-outputs"]
    elif mode == "json":
        args.append("--json")
    done = run(*args, env={"GITHUB_ACTIONS": "true", **scenario.env})

    assert done.returncode == scenario.exit, done.stderr[-3000:]
    said = done.stdout + done.stderr
    for words in scenario.says:
        assert words in said, said[-3000:]
    outputs = {"stdout": done.stdout, "stderr": done.stderr}
    for path in (sarif, junit):
        if path.exists():
            outputs[path.name] = path.read_text()
    assert not _leaked(scenario.secrets, outputs)
    # However long what the program said, the preview prints at most its 2 MiB of program output.
    assert len(done.stdout) + len(done.stderr) < 2_200_000
    if mode == "json":
        document = json.loads(done.stdout)
        if scenario.exit == 2:
            assert len(document["error"].encode()) < 17 * 1024
        else:
            for resource in document["resources"]:
                if resource["type"].startswith("pulumi:providers:alicloud"):
                    for key in ("accessKey", "secretKey", "securityToken"):
                        assert resource["inputs"].get(key, "[secret]") == "[secret]", resource


@pytest.mark.parametrize("option", ["--sarif", "--junit-xml"])
def test_an_unwritable_report_path_is_one_error_naming_it_before_the_run(tmp_path: Path, option: str) -> None:
    project = _project(tmp_path, Scenario("vpc", REGISTERS_A_VPC))
    folder = tmp_path / "a-folder"
    folder.mkdir()
    done = run("preview", "--cwd", str(project), "--policy-pack", "none", option, str(folder))
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if "error" in line.lower()]
    assert errors == [
        f"error: {option} {folder}: cannot write the {'SARIF log' if option == '--sarif' else 'JUnit report'} there: "
        "it is a folder"
    ]
    assert "Running" not in done.stderr  # refused before the program ran
