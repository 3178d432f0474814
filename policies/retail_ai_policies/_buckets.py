"""Stack-level join of an OSS bucket with the 4.0 standalone resources that configure it.

A bucket may get encryption, versioning or logging inline (``oss.Bucket``) or through a separate resource
(``oss.BucketServerSideEncryption``, ``oss.BucketVersioning``, ``oss.BucketLogging``) that names it in
``bucket``.
Checkov reads only the inline block and wrongly fails the separate form; these helpers accept both. The
separate
resource is matched to its bucket by the ``bucket`` value or, when that is unknown during preview, by the
engine's property dependencies (its ``bucket`` input came from the bucket resource).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from ._factory import UnknownFinding

BUCKET = "alicloud:oss/bucket:Bucket"

# A judge returns None when compliant, else a message ("... must ...").
Judge = Callable[[Mapping[str, Any], Mapping[str, Any]], "str | None"]


def _unknown_message(error: UnknownValueError) -> UnknownFinding:
    path = ".".join(str(p) for p in error.props) or "a property"
    return UnknownFinding(
        f"cannot be verified during preview: {path} is unknown; it must be known (a literal, config, or an "
        f"existing resource's value) or the resource exempted (exemptUrns or exemptions)"
    )


def _bucket_name(resource: PolicyResource) -> str | None:
    try:
        value = resource.props.get("bucket")
    except UnknownValueError:
        return None
    return value if isinstance(value, str) else None


def _targets(resource: PolicyResource, bucket: PolicyResource, name: str | None) -> bool:
    for dependency in resource.property_dependencies.get("bucket", []):
        if dependency.urn == bucket.urn:
            return True
    return name is not None and _bucket_name(resource) == name


def bucket_setting(
    args: StackValidationArgs,
    config: Mapping[str, Any],
    *,
    separate_type: str,
    inline: Judge,
    separate: Judge,
) -> Iterator[tuple[str, str]]:
    """Yield (urn, message) for buckets that miss the setting and for separate resources that set it
    wrongly."""
    buckets = [r for r in args.resources if r.resource_type == BUCKET]
    separates = [r for r in args.resources if r.resource_type == separate_type]
    for resource in separates:
        try:
            problem = separate(resource.props, config)
        except UnknownValueError as error:
            problem = _unknown_message(error)
        if problem:
            yield resource.urn, problem
    for bucket in buckets:
        name = _bucket_name(bucket)
        if any(_targets(r, bucket, name) for r in separates):
            continue  # judged above, on the separate resource
        try:
            problem = inline(bucket.props, config)
        except UnknownValueError as error:
            problem = _unknown_message(error)
        if problem:
            yield bucket.urn, problem
