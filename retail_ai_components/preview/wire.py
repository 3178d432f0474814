"""The engine's wire encoding of property values, as programs send them and analyzers receive them.

Pulumi marks special values inside a ``google.protobuf.Struct`` with the signature key :data:`SIG`: secrets,
resource references and output values, each with its own signature value; an unknown value (known only
after the cloud creates the resource) is the string :data:`UNKNOWN`. The engine flattens a registration's
Struct before it hands it to analyzers (:func:`struct_to_inputs`), and every part of the preview reads the
flattened form: secrets stay wrapped (``{SIG: SECRET_SIG, "value": ...}``), unknowns stay the sentinel.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from google.protobuf import struct_pb2

SIG = "4dabf18193072939515e22adb298388d"
"""The key that marks a special value; its value says which kind (the three below)."""
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e"
OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

GRPC_OPTIONS = [
    ("grpc.max_receive_message_length", 400 * 1024 * 1024),
    ("grpc.max_send_message_length", 400 * 1024 * 1024),
]
"""Every channel and server of the preview (monitor, callbacks, packs): a 5,000-resource AnalyzeStack is
far above gRPC's 4 MB default."""

# gRPC's C core logs every GOAWAY (a program or pack ending its server) at INFO on stderr; those
# lines are noise in a preview's output. Read when gRPC first starts, in this process and children.
os.environ.setdefault("GRPC_VERBOSITY", "ERROR")


def is_secret(value: Any) -> bool:
    """Whether an engine-encoded value is wrapped as a secret."""
    return isinstance(value, dict) and value.get(SIG) == SECRET_SIG


def is_opaque(value: Any) -> bool:
    """Whether a value's content cannot be read offline: unknown, or any signature-wrapped value."""
    return value == UNKNOWN or (isinstance(value, dict) and SIG in value)


def _value(value: struct_pb2.Value) -> Any:
    """One protobuf Value as the engine marshals it for analyzers (see :func:`struct_to_inputs`)."""
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return value.string_value
    if kind == "struct_value":
        return struct_to_inputs(value.struct_value)
    if kind == "number_value":
        return value.number_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "list_value":
        return [_value(v) for v in value.list_value.values]
    return None


def struct_to_inputs(struct: struct_pb2.Struct) -> dict[str, Any]:
    """A wire Struct as the engine hands properties to analyzers, in one pass.

    Resource references become their ID (a component's: its URN), output values are unwrapped (unknown when they
    have no value, secret-wrapped when secret), internal ``__`` keys are dropped; secret wrappers and
    unknown sentinels are kept. (Faster than ``MessageToDict`` and a second walk to flatten.)
    """
    fields = struct.fields
    sig_value = fields.get(SIG)
    if sig_value is not None:
        sig = sig_value.string_value
        if sig == RESOURCE_REF_SIG:
            if "id" in fields:  # a custom resource: its ID, unknown when empty (as the engine unmarshals it)
                return fields["id"].string_value or UNKNOWN  # type: ignore[return-value]
            return fields["urn"].string_value  # type: ignore[no-any-return]
        if sig == OUTPUT_VALUE_SIG:
            if "value" not in fields:
                return UNKNOWN  # type: ignore[return-value]
            inner = _value(fields["value"])
            secret = "secret" in fields and fields["secret"].bool_value
            return {SIG: SECRET_SIG, "value": inner} if secret else inner
        if sig == SECRET_SIG:
            return {SIG: SECRET_SIG, "value": _value(fields["value"]) if "value" in fields else None}
        return {SIG: sig, **{k: _value(v) for k, v in fields.items() if k != SIG}}
    return {k: _value(v) for k, v in fields.items() if not k.startswith("__")}


def to_struct(value: Mapping[str, Any] | None) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    if value:
        struct.update(value)
    return struct


def plain(value: Any) -> Any:
    """Secret wrappers removed (data sources are asked with the values themselves)."""
    if isinstance(value, dict):
        if value.get(SIG) == SECRET_SIG:
            return plain(value.get("value"))
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
