"""The redaction layer, the byte caps and the limits as plain functions."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import grpc
import pytest
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from retail_ai_components.preview import provider_check
from retail_ai_components.preview.errors import PreviewError
from retail_ai_components.preview.pack_process import PolicyPackProcess
from retail_ai_components.preview.program_hosts.output import MAX_OUTPUT_BYTES, ProgramOutput
from retail_ai_components.preview.redaction import (
    RedactingStream,
    Redactor,
    credential_keys,
    learn_resource,
)
from retail_ai_components.preview.report import SECRET_TEXT
from retail_ai_components.preview.report_files import ReportRequest, ReportTarget
from retail_ai_components.preview.text import cap_bytes
from retail_ai_components.preview.timeouts import seconds_from_env
from retail_ai_components.preview.wire import SECRET_SIG, SIG


def secret(value: object) -> dict[str, object]:
    return {SIG: SECRET_SIG, "value": value}


@pytest.mark.parametrize(
    "printed",
    [
        "Tair-Pass'word\"1",  # as written
        "tair-pass'word\"1",  # lowercased
        "TAIR-PASS'WORD\"1",  # uppercased
        "Tair-Pass\\'word\"1",  # repr
        "Tair-Pass'word\\\"1",  # JSON
        "Tair-Pass&apos;word&quot;1",  # XML attribute
    ],
)
def test_a_secret_is_hidden_in_the_forms_printing_gives_it(printed: str) -> None:
    hide = Redactor(["Tair-Pass'word\"1"])
    assert hide(f"before {printed} after") == f"before {SECRET_TEXT} after"


@pytest.mark.parametrize(
    "printed", ["918273645", "9.18274e+08", "918273645.0", "9.182736e+08", "9.182736E+08"]
)
def test_a_number_secret_is_hidden_in_its_number_spellings(printed: str) -> None:
    hide = Redactor()
    hide.learn({"replicas": secret(918273645)})
    assert SECRET_TEXT in hide(f"value {printed}")
    assert printed not in hide(f"value {printed}")


def test_a_secret_with_a_newline_is_hidden_in_a_github_annotation() -> None:
    hide = Redactor(["line-one\nline-two"])
    assert hide("::error::x line-one%0Aline-two y") == f"::error::x {SECRET_TEXT} y"


def test_short_values_and_plain_values_are_not_secrets() -> None:
    hide = Redactor()
    hide.learn(
        {
            "a": secret("on"),
            "b": "plain-value",
            "c": [secret({"nested": "nested-secret"})],
            "d": secret("True"),
        }
    )
    # "true" hidden would leave `"custom": [secret]` in a JSON report: not a document any more.
    assert (
        hide('on plain-value nested-secret {"custom": true}')
        == f'on plain-value {SECRET_TEXT} {{"custom": true}}'
    )


def test_a_provider_s_credential_arguments_are_secret_whether_marked_or_not() -> None:
    hide = Redactor()
    inputs = {"region": "cn-hangzhou", "accessKey": "LTAI-access-1", "secretKey": "secret-key-1"}
    learn_resource(hide, "pulumi:providers:alicloud", inputs)
    assert sorted(credential_keys("pulumi:providers:alicloud", inputs)) == ["accessKey", "secretKey"]
    assert credential_keys("alicloud:vpc/network:Network", inputs) == []
    assert hide("LTAI-access-1 secret-key-1 cn-hangzhou") == f"{SECRET_TEXT} {SECRET_TEXT} cn-hangzhou"


def test_the_environment_s_credentials_and_secret_config_objects_are_learned() -> None:
    hide = Redactor()
    hide.learn_environment({"ALICLOUD_SECRET_KEY": "env-secret-1", "HOME": "/root"})
    hide.learn_config([json.dumps({"oidcToken": "oidc-token-1"})])
    assert hide("env-secret-1 oidc-token-1 /root") == f"{SECRET_TEXT} {SECRET_TEXT} /root"


def test_a_redacting_stream_hides_what_is_learned_after_it_was_made() -> None:
    hide = Redactor()
    out = io.StringIO()
    stream = RedactingStream(out, hide)
    hide.add("late-secret-1")
    stream.write("the late-secret-1\n")
    assert out.getvalue() == f"the {SECRET_TEXT}\n"


def test_a_report_file_is_written_redacted(tmp_path: Path) -> None:
    hide = Redactor()
    target = tmp_path / "deep" / "report.sarif"
    request = ReportRequest("--sarif", "SARIF log", ReportTarget(str(target)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("retail_ai_components.preview.report_files.hide", hide)
        hide.add("file-secret-1")
        request.write('{"message": "the file-secret-1"}')
    assert target.read_text() == f'{{"message": "the {SECRET_TEXT}"}}'


def test_a_message_is_cut_in_bytes_saying_how_many() -> None:
    assert cap_bytes("short", 10) == "short"
    cut = cap_bytes("é" * 20, 11)  # 2 bytes each: never half a character
    assert cut == "é" * 5 + " [... 30 more bytes cut]"


def test_program_output_is_kept_up_to_its_byte_cap_then_counted() -> None:
    output = ProgramOutput()
    line = "x" * 100_000
    for _ in range(30):
        output.add("stdout", line)
    assert output.kept_bytes <= MAX_OUTPUT_BYTES
    assert output.dropped == 30 - len(output.lines) > 0
    assert f"({output.dropped_bytes:,} bytes)" in output.dropped_note()


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "soon"])
def test_a_limit_that_is_not_a_finite_positive_number_is_refused_by_name(value: str) -> None:
    with pytest.raises(PreviewError, match=f"RETAIL_AI_PROGRAM_TIMEOUT={value!r}"):
        seconds_from_env("RETAIL_AI_PROGRAM_TIMEOUT", 600.0, {"RETAIL_AI_PROGRAM_TIMEOUT": value})
    assert math.isclose(seconds_from_env("X", 600.0, {"X": "2.5"}), 2.5)


def test_an_unknown_alicloud_config_key_is_refused_as_the_bridged_provider_does() -> None:
    with pytest.raises(provider_check.CheckFailure) as refused:
        provider_check.check_config("alicloud", "default_4_0_0", {"regoin": "cn-hangzhou", "region": "x"})
    assert str(refused.value) == (
        "pulumi:providers:alicloud resource 'default_4_0_0' has a problem: `alicloud:regoin` is not a valid "
        "configuration key for the alicloud provider. If the referenced key is not intended for the provider, "
        "please choose a different namespace from `alicloud:`. Did you mean `alicloud:region`?"
    )
    with pytest.raises(provider_check.CheckFailure, match="Did you mean `alicloud:accessKey`"):
        provider_check.check_config("alicloud", "default", {"access_key": "x"})
    provider_check.check_config(
        "alicloud", "default", {"region": "x", "version": "4.0.0", "assumeRole": "{}"}
    )
    provider_check.check_config("std", "default", {"anything": "x"})  # only alicloud's schema is known


def test_the_config_schema_is_the_sdk_s() -> None:
    import pulumi_alicloud

    names = {
        getattr(member.fget, "_pulumi_name", None)
        for member in vars(pulumi_alicloud.ProviderArgs).values()
        if isinstance(member, property)
    }
    assert names - {None} == provider_check.ALICLOUD_CONFIG_KEYS


def test_a_pack_channel_closed_by_the_end_of_the_run_is_a_preview_error(tmp_path: Path) -> None:
    """Not grpc's ValueError on the pack's thread, which printed a traceback on stderr."""
    pack = PolicyPackProcess(tmp_path, project="p", stack="s", config={})
    channel = grpc.insecure_channel("127.0.0.1:1")
    pack._stub = analyzer_pb2_grpc.AnalyzerStub(channel)
    channel.close()
    with pytest.raises(PreviewError, match="stopped before Analyze for urn:x"):
        pack.analyze_async(analyzer_pb2.AnalyzeRequest(urn="urn:x"))
    with pytest.raises(PreviewError, match="stopped before AnalyzeStack"):
        pack.analyze_stack([])
