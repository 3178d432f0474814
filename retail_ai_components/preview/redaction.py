"""The one redaction layer: every value the run knows as secret, hidden in everything the preview writes.

The run feeds :data:`SECRETS` as it learns (``secure:`` and credential stack config, the provider credentials
in the environment, every secret input and output a registration or an invoke carries, the credential
arguments of an explicit provider); every output reads through it: the CLI's stdout and stderr are
:class:`RedactingStream` for the whole command (text, ``--json``, annotations, errors, ``--debug``
tracebacks, ``retail-ai cost``), and report files are written by :func:`write_text`.

A secret is matched in the forms printing gives it, not only as written: any case, JSON and Python
escapes, XML and GitHub-annotation escapes, the control-character escapes of :func:`.text.printable`, and
for a number its integer, float and ``%g``/``%e`` spellings (``918273645`` is ``9.18274e+08`` in a message
formatted the C way).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TextIO
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from .stack_config import is_credential_key
from .text import printable
from .urns import PROVIDER_PREFIX
from .wire import SECRET_SIG, SIG

SECRET_TEXT = "[secret]"
MIN_SECRET_LEN = 4
"""A secret shorter than this is not searched for in text: "1" or "on" would blank out half of it."""

_NEVER_SECRET = frozenset({"true", "false", "null", "none"})
"""Words that would turn a JSON document into something else if hidden wherever they appear."""

CREDENTIAL_ENVIRONMENT = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALICLOUD_ACCESS_KEY",
    "ALICLOUD_SECRET_KEY",
    "ALICLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE_CONTENT",
)
"""Environment variables the alicloud provider (and Alibaba Cloud's SDKs) read credentials from."""


def _number_forms(secret: str) -> set[str]:
    try:
        number = float(secret)
    except ValueError:
        return set()
    forms = {f"{number:g}", f"{number:e}", f"{number:.15g}", repr(number), f"{number:E}", f"{number:G}"}
    if number.is_integer() and abs(number) < 1e21:
        forms.add(str(int(number)))
    return forms


def forms(secret: str) -> set[str]:
    """The spellings ``secret`` may take once printed (matched case-insensitively)."""
    found = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret)[1:-1],
        xml_escape(secret, {'"': "&quot;", "'": "&apos;"}),
        printable(secret),
        quote(secret, safe=""),
        secret.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"),
        secret.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C"),
        *_number_forms(secret),
    }
    return {form for form in found if len(form) >= MIN_SECRET_LEN}


def secret_leaves(value: Any, inside: bool = False) -> Iterator[str]:
    """Every string or number inside a secret of an engine-encoded value, as text."""
    if isinstance(value, dict):
        secret = inside or value.get(SIG) == SECRET_SIG
        for key, item in value.items():
            if key != SIG:
                yield from secret_leaves(item, secret)
    elif isinstance(value, list):
        for item in value:
            yield from secret_leaves(item, inside)
    elif inside and isinstance(value, str):
        yield value
    elif inside and isinstance(value, (int, float)) and not isinstance(value, bool):
        yield repr(value)


class Redactor:
    """The secrets known so far, hidden in text in all their forms; safe to feed from any thread.

    Checking is a plain substring search of the lowercased text for each lowercased form (fast on a report of
    megabytes); only the forms found are then replaced, case-insensitively."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self._forms: list[str] = []
        self._fresh = False
        self._lock = threading.Lock()
        self.add(*secrets)

    def add(self, *values: Any) -> None:
        """Knows each value (its text) as secret from now on."""
        texts = {str(v) for v in values if v is not None}
        fresh = {t for t in texts if len(t) >= MIN_SECRET_LEN and t.lower() not in _NEVER_SECRET}
        with self._lock:
            if not fresh <= self._secrets:
                self._secrets |= fresh
                self._fresh = True

    def _lowered_forms(self) -> list[str]:
        with self._lock:
            if self._fresh:
                spellings = {form.lower() for secret in self._secrets for form in forms(secret)}
                # Longest first, so a secret containing another is replaced whole.
                self._forms = sorted(spellings, key=lambda s: (-len(s), s))
                self._fresh = False
            return self._forms

    def learn(self, value: Any) -> None:
        """Knows every secret inside an engine-encoded value."""
        self.add(*secret_leaves(value))

    def learn_config(self, values: Iterable[str]) -> None:
        """Secret stack config values as the program sees them: a string, or an object's JSON (each string
        inside it is secret too)."""
        for value in values:
            self.add(value)
            try:
                parsed = json.loads(value)
            except ValueError:
                continue
            if isinstance(parsed, (dict, list)):
                self.add(*secret_leaves(parsed, inside=True))

    def learn_environment(self, environ: Mapping[str, str] | None = None) -> None:
        environ = os.environ if environ is None else environ
        self.add(*(environ[name] for name in CREDENTIAL_ENVIRONMENT if environ.get(name)))

    def __call__(self, text: str) -> str:
        if not text or not self._secrets:
            return text
        lowered = text.lower()
        present = [form for form in self._lowered_forms() if form in lowered]
        if not present:
            return text
        pattern = re.compile("|".join(re.escape(form) for form in present), re.IGNORECASE)
        return pattern.sub(SECRET_TEXT, text)

    def __contains__(self, value: object) -> bool:
        return str(value) in self._secrets


def credential_keys(resource_type: str, inputs: Any) -> list[str]:
    """The inputs of a provider (``pulumi:providers:<package>``) that hold a credential, as its stack config
    keys would (``accessKey``, ``secretKey``, ``securityToken``, ...)."""
    if not resource_type.startswith(PROVIDER_PREFIX) or not isinstance(inputs, dict):
        return []
    package = resource_type[len(PROVIDER_PREFIX) :]
    return [key for key in inputs if is_credential_key(f"{package}:{key}")]


def learn_resource(redactor: Redactor, resource_type: str, inputs: Any, outputs: Any = None) -> None:
    """A registration's secrets: its secret inputs and outputs, and a provider's credential arguments
    (secret whether or not the program marked them)."""
    redactor.learn(inputs)
    redactor.learn(outputs)
    for key in credential_keys(resource_type, inputs):
        value = inputs[key]
        redactor.add(*secret_leaves(value, inside=True))


SECRETS = Redactor()
"""Every secret of this process's runs: what the CLI's outputs are redacted with."""


def hide(text: str) -> str:
    return SECRETS(text)


class RedactingStream:
    """A text stream that writes everything redacted (everything else is the wrapped stream's)."""

    def __init__(self, stream: TextIO, redactor: Redactor = SECRETS) -> None:
        self._stream = stream
        self._redactor = redactor

    def write(self, text: str) -> int:
        self._stream.write(self._redactor(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def redacted_standard_streams() -> Iterator[None]:
    """For the command's whole run: ``sys.stdout`` and ``sys.stderr`` write through :data:`SECRETS`."""
    import sys

    saved = sys.stdout, sys.stderr
    sys.stdout = RedactingStream(saved[0])
    sys.stderr = RedactingStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
