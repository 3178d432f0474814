"""Stack policies (bucket encryption, versioning, access logging) honour the same config as resource policies.

An exempt bucket is named in the policy's not-applicable reason with what it would have reported, not dropped
silently; an unknown deciding value is a violation by default and pulumi-policy's advisory note when
treatUnknownAsViolation is false, without hiding the known violations of other buckets.
"""

from __future__ import annotations

from typing import Any

import pytest
from _harness import UNKNOWN, Pack, urn

BUCKET = "alicloud:oss/bucket:Bucket"
SSE = "alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption"
ENC = "oss-bucket-kms-encrypted"
VER = "oss-bucket-versioning-enabled"
LOGGING = "oss-bucket-access-logging"
KMS_SSE = {"sseAlgorithm": "KMS", "kmsMasterKeyId": "key-1"}
# Each stack policy, the bucket prop it reads, a value that fails and one that passes.
STACK_POLICIES: list[tuple[str, str, Any, Any, str]] = [
    (ENC, "serverSideEncryptionRule", {"sseAlgorithm": "AES256"}, KMS_SSE, "sseAlgorithm"),
    (VER, "versioning", {"status": "Suspended"}, {"status": "Enabled"}, "status"),
    (LOGGING, "logging", {}, {"targetBucket": "logs", "targetPrefix": "b/"}, "logging"),
]


def bucket(name: str, **props: Any) -> dict[str, Any]:
    return {"type": BUCKET, "name": name, "props": {"bucket": name, **props}}


@pytest.mark.parametrize("policy,prop,bad,good,named", STACK_POLICIES, ids=[p[0] for p in STACK_POLICIES])
def test_exempt_bucket_is_reported_not_applicable(
    policy: str, prop: str, bad: Any, good: Any, named: str
) -> None:
    exempt = urn(BUCKET, "legacy")
    pack = Pack({policy: {"exemptUrns": [exempt]}})
    result = pack.analyze_stack([bucket("legacy", **{prop: bad}), bucket("fresh", **{prop: bad})])
    mine = result.by_policy(policy)
    # Only the listed bucket is exempt: the other one still fails, at the policy's own level, naming the prop.
    assert [d.urn for d in mine] == [urn(BUCKET, "fresh")]
    assert named in mine[0].message
    reasons = [reason for name, reason in result.not_applicable if name == policy]
    assert len(reasons) == 1
    assert exempt in reasons[0] and "exemptUrns" in reasons[0] and named in reasons[0]


@pytest.mark.parametrize("policy,prop,bad,good,named", STACK_POLICIES, ids=[p[0] for p in STACK_POLICIES])
def test_exemption_pattern_on_a_bucket_name_with_its_reason(
    policy: str, prop: str, bad: Any, good: Any, named: str
) -> None:
    pack = Pack({policy: {"exemptions": [{"resource": "legacy-*", "reason": "migrated in Q3"}]}})
    result = pack.analyze_stack([bucket("legacy-logs", **{prop: bad}), bucket("fresh", **{prop: bad})])
    assert [d.urn for d in result.by_policy(policy)] == [urn(BUCKET, "fresh")]
    [reason] = [reason for name, reason in result.not_applicable if name == policy]
    assert urn(BUCKET, "legacy-logs") in reason and "'legacy-*'" in reason and "migrated in Q3" in reason


@pytest.mark.parametrize("policy,prop,bad,good,named", STACK_POLICIES, ids=[p[0] for p in STACK_POLICIES])
def test_compliant_stack_reports_nothing(policy: str, prop: str, bad: Any, good: Any, named: str) -> None:
    result = Pack().analyze_stack([bucket("b1", **{prop: good})])
    assert not result.by_policy(policy)
    assert not [r for r in result.not_applicable if r[0] == policy]


def _unknown_and_known() -> list[dict[str, Any]]:
    # b1's encryption comes from a separate resource whose algorithm is unknown; b2 is plainly unencrypted.
    return [
        bucket("b1"),
        {"type": SSE, "name": "b1-sse", "props": {"bucket": "b1", "sseAlgorithm": UNKNOWN}},
        bucket("b2"),
    ]


def test_unknown_is_a_violation_by_default() -> None:
    result = Pack().analyze_stack(_unknown_and_known())
    by_urn = {d.urn: d for d in result.by_policy(ENC)}
    assert set(by_urn) == {urn(SSE, "b1-sse"), urn(BUCKET, "b2")}
    assert "cannot be verified during preview" in by_urn[urn(SSE, "b1-sse")].message
    assert "sseAlgorithm" in by_urn[urn(SSE, "b1-sse")].message
    assert by_urn[urn(SSE, "b1-sse")].level == "advisory"  # the policy's own level (encryption is advisory)


def test_unknown_becomes_the_advisory_note_when_configured() -> None:
    result = Pack({ENC: {"treatUnknownAsViolation": False}}).analyze_stack(_unknown_and_known())
    mine = result.by_policy(ENC)
    # The known violation is still reported on its bucket ...
    assert [d.urn for d in mine if d.urn] == [urn(BUCKET, "b2")]
    # ... and the unknown one becomes pulumi-policy's stack-level "can't run during preview" note.
    notes = [d for d in mine if not d.urn]
    assert len(notes) == 1
    assert "during preview" in notes[0].message and urn(SSE, "b1-sse") in notes[0].message


def test_unknown_on_mandatory_stack_policy_blocks() -> None:
    result = Pack({ENC: "mandatory"}).analyze_stack(_unknown_and_known())
    assert {d.urn for d in result.mandatory()} == {urn(SSE, "b1-sse"), urn(BUCKET, "b2")}


def test_exemption_by_name_for_a_name_with_colons() -> None:
    # The engine's URN ends with the whole name, "::" included; the exemption names it as the user wrote it.
    pack = Pack({VER: {"exemptions": [{"resource": "team::*", "reason": "team-owned"}]}})
    result = pack.analyze_stack([bucket("team::bucket"), bucket("fresh")])
    assert [d.urn for d in result.by_policy(VER)] == [urn(BUCKET, "fresh")]
    [reason] = [reason for name, reason in result.not_applicable if name == VER]
    assert urn(BUCKET, "team::bucket") in reason and "'team::*'" in reason
