"""The EAS traffic-split and mirror dynamic providers, against a fake EAS client."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from retail_ai_components import _eas_rollout as rollout

REGION = "cn-hangzhou"


class NotFound(Exception):
    code = "InvalidService.NotFound"
    status_code = 404


class FakeEas:
    """Records every call; services in ``missing`` answer 404."""

    def __init__(self, missing: tuple[str, ...] = ()) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.missing = set(missing)
        self.regions: list[str] = []

    def _check(self, service: str) -> None:
        if service in self.missing:
            raise NotFound(service)

    def release_service(self, cluster_id: str, service: str, request: Any) -> None:
        self._check(service)
        self.calls.append(("release", cluster_id, service, request.traffic_state, request.weight))

    def create_service_mirror(self, cluster_id: str, service: str, request: Any) -> None:
        self.calls.append(("create_mirror", cluster_id, service, request.ratio, request.target))

    def update_service_mirror(self, cluster_id: str, service: str, request: Any) -> None:
        self.calls.append(("update_mirror", cluster_id, service, request.ratio, request.target))

    def delete_service_mirror(self, cluster_id: str, service: str) -> None:
        self._check(service)
        self.calls.append(("delete_mirror", cluster_id, service))

    def describe_service_mirror(self, cluster_id: str, service: str) -> Any:
        body = type("Body", (), {"ratio": "5", "target": "ranking_shadow"})()
        return type("Response", (), {"body": body})()


@pytest.fixture
def fake() -> FakeEas:
    return FakeEas()


def factory(fake: FakeEas):
    def make(region: str) -> FakeEas:
        fake.regions.append(region)
        return fake

    return make


SPLIT = {"region": REGION, "groupName": "ranking", "weights": {"ranking": 90.0, "ranking_green": 10.0}}
MIRROR = {"region": REGION, "sourceService": "ranking", "targets": ["ranking_shadow"], "ratio": 5}


def test_split_create_puts_every_member_in_the_group_with_its_weight(fake):
    result = rollout.TrafficSplitProvider(factory(fake)).create(dict(SPLIT))
    assert result.id == "cn-hangzhou/ranking"
    assert fake.calls == [
        ("release", REGION, "ranking", "grouping", 90),
        ("release", REGION, "ranking_green", "grouping", 10),
    ]
    assert fake.regions == [REGION]
    assert result.outs == SPLIT


def test_split_diff_updates_weights_in_place_and_replaces_on_a_new_group(fake):
    provider = rollout.TrafficSplitProvider(factory(fake))
    same = provider.diff("id", SPLIT, dict(SPLIT))
    assert same.changes is False and same.replaces == []
    shifted = provider.diff("id", SPLIT, {**SPLIT, "weights": {"ranking": 50, "ranking_green": 50}})
    assert shifted.changes is True and shifted.replaces == []
    moved = provider.diff("id", SPLIT, {**SPLIT, "groupName": "ranking2"})
    assert moved.replaces == ["groupName"]
    assert fake.calls == []  # diff never calls the API


def test_split_update_raises_weights_first_and_releases_dropped_members(fake):
    news = {**SPLIT, "weights": {"ranking_green": 100, "ranking_v3": 0}}
    rollout.TrafficSplitProvider(factory(fake)).update("id", SPLIT, news)
    assert fake.calls == [
        ("release", REGION, "ranking_green", "grouping", 100),
        ("release", REGION, "ranking_v3", "grouping", 0),
        ("release", REGION, "ranking", "standalone", None),
    ]


def test_split_delete_leaves_surviving_members_evenly_weighted():
    fake = FakeEas(missing=("ranking_green",))
    rollout.TrafficSplitProvider(factory(fake)).delete("id", dict(SPLIT))
    assert fake.calls == [("release", REGION, "ranking", "grouping", rollout.EVEN_WEIGHT)]


def test_split_create_surfaces_api_errors():
    fake = FakeEas(missing=("ranking",))
    with pytest.raises(NotFound):
        rollout.TrafficSplitProvider(factory(fake)).create(dict(SPLIT))


def test_split_check_rejects_bad_weights(fake):
    provider = rollout.TrafficSplitProvider(factory(fake))
    assert provider.check({}, dict(SPLIT)).failures == []
    bad = provider.check({}, {**SPLIT, "weights": {"ranking": 2000}})
    assert [f.property for f in bad.failures] == ["weights"]
    assert provider.check({}, {**SPLIT, "weights": {}}).failures


def test_mirror_lifecycle(fake):
    provider = rollout.TrafficMirrorProvider(factory(fake))
    created = provider.create(dict(MIRROR))
    assert created.id == "cn-hangzhou/ranking"
    assert provider.diff(created.id, MIRROR, dict(MIRROR)).changes is False
    news = {**MIRROR, "ratio": 10}
    diff = provider.diff(created.id, MIRROR, news)
    assert diff.changes is True and diff.replaces == []
    provider.update(created.id, MIRROR, news)
    assert provider.diff(created.id, MIRROR, {**MIRROR, "sourceService": "other"}).replaces == [
        "sourceService"
    ]
    provider.delete(created.id, news)
    assert fake.calls == [
        ("create_mirror", REGION, "ranking", 5, ["ranking_shadow"]),
        ("update_mirror", REGION, "ranking", 10, ["ranking_shadow"]),
        ("delete_mirror", REGION, "ranking"),
    ]


def test_mirror_delete_of_a_gone_service_is_not_an_error():
    fake = FakeEas(missing=("ranking",))
    rollout.TrafficMirrorProvider(factory(fake)).delete("id", dict(MIRROR))
    assert fake.calls == []


def test_mirror_read_reports_the_live_ratio_and_targets(fake):
    result = rollout.TrafficMirrorProvider(factory(fake)).read("id", dict(MIRROR))
    assert result.outs["ratio"] == 5 and result.outs["targets"] == ["ranking_shadow"]


def test_mirror_check_rejects_bad_ratios_and_self_mirroring(fake):
    provider = rollout.TrafficMirrorProvider(factory(fake))
    assert provider.check({}, dict(MIRROR)).failures == []
    assert [f.property for f in provider.check({}, {**MIRROR, "ratio": 150}).failures] == ["ratio"]
    assert [f.property for f in provider.check({}, {**MIRROR, "ratio": 2.5}).failures] == ["ratio"]
    assert [f.property for f in provider.check({}, {**MIRROR, "targets": ["ranking"]}).failures] == [
        "targets"
    ]


def test_default_client_is_the_official_sdk_with_env_credentials(monkeypatch):
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "id")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret")
    monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN", raising=False)
    from alibabacloud_eas20210701.client import Client

    client = rollout.default_client_factory(REGION)
    assert isinstance(client, Client)
    assert client._endpoint == "pai-eas.cn-hangzhou.aliyuncs.com"


def test_the_pickled_provider_holds_no_credentials(monkeypatch):
    from pulumi.dynamic.dynamic import serialize_provider

    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "AKIDSHOULDNOTLEAK")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "SECRETSHOULDNOTLEAK")
    blob = serialize_provider(rollout.TrafficMirrorProvider())
    import base64

    raw = base64.b64decode(blob)
    assert b"SHOULDNOTLEAK" not in raw


_FACTORY = """
import sys
from retail_ai_components._eas_rollout import MissingCredentialsError, default_client_factory
try:
    client = default_client_factory("cn-hangzhou")
except MissingCredentialsError as exc:
    print("missing:", exc)
    sys.exit(3)
print("client:", type(client).__name__)
"""


def _factory(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    # A clean environment: no profile files in HOME, no ECS metadata server to ask.
    base = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",
    }
    return subprocess.run(
        [sys.executable, "-c", _FACTORY], env={**base, **env}, capture_output=True, text=True, timeout=60
    )


def test_credentials_come_from_the_default_chain_environment_first(tmp_path):
    done = _factory(
        tmp_path, ALIBABA_CLOUD_ACCESS_KEY_ID="LTAI-test-id", ALIBABA_CLOUD_ACCESS_KEY_SECRET="not-a-secret"
    )
    assert done.returncode == 0, done.stderr
    assert "client: Client" in done.stdout


def test_credentials_come_from_a_cli_profile_too(tmp_path):
    profile = {
        "current": "default",
        "profiles": [
            {
                "name": "default",
                "mode": "AK",
                "access_key_id": "LTAI-profile",
                "access_key_secret": "not-a-secret",
            }
        ],
    }
    (tmp_path / ".aliyun").mkdir()
    (tmp_path / ".aliyun" / "config.json").write_text(json.dumps(profile))
    done = _factory(tmp_path)
    assert done.returncode == 0, done.stderr


def test_no_credential_anywhere_is_one_clear_error_without_secrets(tmp_path):
    done = _factory(tmp_path)
    assert done.returncode == 3, done.stderr
    assert "no Alibaba Cloud credentials for the EAS OpenAPI" in done.stdout
