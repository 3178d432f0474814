"""Generate inventory/documents.json: every document-typed input of the pulumi_alicloud SDK.

A document-typed input holds a policy document (RAM role trust, RAM and resource-directory policies, resource
policies of OSS, KMS, Log Service, endpoint policies, ...) or a list of principals; any of them may say who
may act. The candidates are read the way ``generate_exposure_candidates.py`` reads the SDK (each resource's
``*Args`` class and one level of its nested inputs, as source text), and matched by name:

* always, when the name says document: ``policyDocument``, ``assumeRolePolicyDocument``, ``document``,
  ``policy``, ``policyContent``, a ``...Policy...Body``, ``statements``, ``principals``, ``...ExtraPolicy``;
* when the name ends in ``Policy`` and the docstring speaks of JSON, a document, statements, principals,
  trust or authorization.

Each candidate is then reviewed in ``inventory/principals.yaml``: a row judged by a named policy with its
cases, or listed with the reason it needs none (an identity policy names no principal, an endpoint policy
only narrows, an ``accept``/``drop`` switch is not a document). The test fails on a candidate that is neither.

    python scripts/generate_document_inventory.py [--sdk PULUMI_ALICLOUD_DIR] [--check]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate_exposure_candidates as sdk_source

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "inventory" / "documents.json"

ALWAYS = re.compile(
    r"(PolicyDocument|policyDocument|policyContent|Policy\w*Body|ExtraPolicy|accessKeyPolicy|[pP]rincipals)$"
    r"|^(policy|document|statements)$"
)
POLICY_NAME = re.compile(r"(^|[a-z])Policy$")
DOCUMENT_WORDS = re.compile(
    r"json|policy document|document of|statement|principal|trust polic|authoriz", re.I
)


def is_document(name: str, doc: str) -> bool:
    return ALWAYS.search(name) is not None or (
        POLICY_NAME.search(name) is not None and DOCUMENT_WORDS.search(doc) is not None
    )


def documents(sdk: Path) -> list[dict[str, str]]:
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for resource in sdk_source.resources(sdk):
        token = resource.token
        for name, annotation, doc in sdk_source.properties(resource.args):
            if is_document(name, doc):
                rows[(token, name)] = _row(token, name, doc)
                continue
            for nested_cls in sdk_source._NESTED.findall(annotation):
                joint = f"{name}[]." if "Sequence[" in annotation else f"{name}."
                for child, _, child_doc in sdk_source.properties(resource.nested.get(nested_cls, "")):
                    if is_document(child, child_doc):
                        rows[(token, joint + child)] = _row(token, joint + child, child_doc)
    return [rows[k] for k in sorted(rows)]


def _row(token: str, prop: str, doc: str) -> dict[str, str]:
    return {"type": token, "property": prop, "doc": sdk_source.excerpt(doc)}


def generate(sdk: Path) -> dict[str, Any]:
    return {"sdk": "pulumi_alicloud", "version": sdk_source.sdk_version(sdk), "documents": documents(sdk)}


def main(argv: list[str] | None = None) -> int:
    return sdk_source.run(argv, __doc__.split("\n", 1)[0], OUT, generate)


if __name__ == "__main__":
    sys.exit(main())
