"""The Analyzer protocol's messages, built as the engine builds them from a run's records, and read back.

``AnalyzeRequest`` (Analyze and Remediate, one registration), ``AnalyzerResource`` (AnalyzeStack, every
resource of the run) and the names of the protocol's enforcement levels and severities.
"""

from __future__ import annotations

from google.protobuf import json_format
from pulumi.runtime.proto import analyzer_pb2

from .policy_config import PolicyConfig, PolicyMeta
from .records import RecordedResource
from .wire import to_struct

LEVEL_NAMES = {
    analyzer_pb2.ADVISORY: "advisory",
    analyzer_pb2.MANDATORY: "mandatory",
    analyzer_pb2.DISABLED: "disabled",
    analyzer_pb2.REMEDIATE: "remediate",
}
LEVEL_VALUES = {name: value for value, name in LEVEL_NAMES.items()}
SEVERITY_NAMES = {
    analyzer_pb2.POLICY_SEVERITY_UNSPECIFIED: "",
    analyzer_pb2.POLICY_SEVERITY_LOW: "low",
    analyzer_pb2.POLICY_SEVERITY_MEDIUM: "medium",
    analyzer_pb2.POLICY_SEVERITY_HIGH: "high",
    analyzer_pb2.POLICY_SEVERITY_CRITICAL: "critical",
}


def analyze_request(
    resource: RecordedResource, provider: RecordedResource | None
) -> analyzer_pb2.AnalyzeRequest:
    """The request the engine sends to Analyze and Remediate for one registration."""
    return analyzer_pb2.AnalyzeRequest(
        type=resource.type,
        properties=to_struct(resource.inputs),
        urn=resource.urn,
        name=resource.name,
        options=analyzer_options(resource),
        provider=analyzer_provider(provider) if provider is not None else None,
    )


def analyzer_resource(
    resource: RecordedResource, provider: RecordedResource | None
) -> analyzer_pb2.AnalyzerResource:
    """A resource as AnalyzeStack sees it: its outputs (for a preview of a create, its inputs)."""
    properties = resource.outputs if resource.outputs is not None else resource.inputs
    if not resource.custom and resource.outputs is None:
        properties = {}
    return analyzer_pb2.AnalyzerResource(
        type=resource.type,
        properties=to_struct(properties),
        urn=resource.urn,
        name=resource.name,
        options=analyzer_options(resource),
        provider=analyzer_provider(provider) if provider is not None else None,
        parent=resource.parent or "",
        dependencies=resource.dependencies,
        propertyDependencies={
            key: analyzer_pb2.AnalyzerPropertyDependencies(urns=urns)
            for key, urns in resource.property_dependencies.items()
        },
    )


def analyzer_options(resource: RecordedResource) -> analyzer_pb2.AnalyzerResourceOptions:
    timeouts = analyzer_pb2.AnalyzerResourceOptions.CustomTimeouts(**resource.custom_timeouts)
    return analyzer_pb2.AnalyzerResourceOptions(
        protect=resource.protect,
        ignoreChanges=resource.ignore_changes,
        deleteBeforeReplace=resource.delete_before_replace,
        deleteBeforeReplaceDefined=resource.delete_before_replace_defined,
        additionalSecretOutputs=resource.additional_secret_outputs,
        aliases=resource.aliases,
        customTimeouts=timeouts,
        parent=resource.parent or "",
    )


def analyzer_provider(provider: RecordedResource) -> analyzer_pb2.AnalyzerProviderResource:
    return analyzer_pb2.AnalyzerProviderResource(
        type=provider.type, properties=to_struct(provider.inputs), urn=provider.urn, name=provider.name
    )


def policy_metas(info: analyzer_pb2.AnalyzerInfo) -> list[PolicyMeta]:
    metas = []
    for policy in info.policies:
        has_schema = policy.HasField("configSchema")
        props = json_format.MessageToDict(policy.configSchema.properties) if has_schema else {}
        metas.append(
            PolicyMeta(
                name=policy.name,
                enforcement_level=LEVEL_NAMES[policy.enforcementLevel],
                schema_properties=props,
                schema_required=tuple(policy.configSchema.required) if has_schema else (),
                has_schema=has_schema,
            )
        )
    return metas


def initial_config(info: analyzer_pb2.AnalyzerInfo) -> dict[str, PolicyConfig]:
    result = {}
    for name, config in info.initialConfig.items():
        props = json_format.MessageToDict(config.properties) if config.HasField("properties") else None
        result[name] = PolicyConfig(LEVEL_NAMES[config.enforcementLevel], props or None)
    return result
