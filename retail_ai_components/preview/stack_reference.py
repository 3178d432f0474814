"""``pulumi.StackReference`` answered offline: another stack's outputs, from its own offline preview or a file.

The Python SDK registers a StackReference as a read of ``pulumi:pulumi:StackReference`` whose ID is the
referenced stack's name; the engine's builtin provider answers the read with ``name``, ``outputs`` and
``secretOutputNames`` (the outputs that hold a secret, sorted). Offline there is no backend to ask, so the
answer comes, in this order, from:

1. the ``--data-sources`` file, under the StackReference's token, keyed by the stack's name::

       pulumi:pulumi:StackReference:
         organization/retail-ai-platform/prod:
           outputs: {vpcId: vpc-bp1..., registryVpcEndpoint: ...}   # as `pulumi stack output --json` prints
           secretOutputNames: [dbPassword]                          # optional; "[secret]" values are too

2. the referenced project's own offline preview (no policy packs), when a Pulumi.yaml of that project name
   is found in the referencing project's folder or one above it (up to the repository's root), or in a
   folder beside one of those; the stack must have its stack file there.

Otherwise the run is not judged (exit 2), with the stack named and the file entry that would answer it.

What an offline preview cannot know stays marked: its IDs are already placeholders, and each value it left
unknown reaches the referencing program as ``placeholder-unknown-output-<path>`` (an unknown anywhere in the
outputs would make the SDK treat every output as unknown). Secret outputs stay secret-wrapped and listed in
``secretOutputNames``. Each answer is named in the report's notes.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PreviewError
from .project import Project, find_project_file, load_project, validate_project_name
from .safe_yaml import read_yaml
from .stack_config import stack_config_path, validate_stack_name
from .wire import SECRET_SIG, SIG, UNKNOWN, is_secret

TYPE = "pulumi:pulumi:StackReference"
"""The SDK's resource type, and the key of its answers in the ``--data-sources`` file."""
UNKNOWN_PREFIX = "placeholder-unknown-output-"
SHOWN_SECRET = "[secret]"
"""What ``pulumi stack output --json`` prints for a secret output; such a value is taken as secret."""
LEVELS_WITHOUT_REPOSITORY = 2
"""Folders above the referencing project searched when no repository root (a ``.git``) bounds the search."""

Preview = Callable[[Path, str, str, tuple[str, ...]], dict[str, Any]]
"""Runs a project's offline preview: (project root, stack, organization, references being answered) ->
its stack outputs, engine-encoded."""


@dataclass(frozen=True)
class StackName:
    organization: str
    project: str
    stack: str

    def __str__(self) -> str:
        return f"{self.organization}/{self.project}/{self.stack}"


def parse_stack_name(name: str, *, organization: str, project: str) -> StackName:
    """The engine's forms: ``stack``, ``organization/stack`` (both in the referencing project) and
    ``organization/project/stack``."""
    parts = name.split("/")
    if len(parts) == 1:
        full = StackName(organization, project, parts[0])
    elif len(parts) == 2:
        full = StackName(parts[0], project, parts[1])
    elif len(parts) == 3:
        full = StackName(*parts)
    else:
        raise PreviewError(
            f"StackReference {name!r}: a stack name is stack, organization/stack or organization/project/stack"
        )
    try:
        if not full.organization:
            raise PreviewError("the organization may not be empty")
        validate_project_name(full.project)
        validate_stack_name(full.stack)
    except PreviewError as exc:
        raise PreviewError(f"StackReference {name!r}: {exc}") from None
    return full


def secret_output_names(outputs: Mapping[str, Any]) -> list[str]:
    """The outputs holding a secret anywhere inside, sorted (as the builtin provider lists them)."""

    def holds_secret(value: Any) -> bool:
        if is_secret(value):
            return True
        if isinstance(value, dict):
            return any(holds_secret(v) for v in value.values())
        if isinstance(value, list):
            return any(holds_secret(v) for v in value)
        return False

    return sorted(name for name, value in outputs.items() if holds_secret(value))


def known(outputs: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``outputs`` with every unknown replaced by its marked placeholder, and the paths replaced."""
    replaced: list[str] = []

    def walk(value: Any, path: str) -> Any:
        if value == UNKNOWN:
            replaced.append(path)
            return UNKNOWN_PREFIX + path
        if is_secret(value):
            return {SIG: SECRET_SIG, "value": walk(value.get("value"), path)}
        if isinstance(value, dict):
            return {k: walk(v, f"{path}.{k}") for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, f"{path}[{i}]") for i, v in enumerate(value)]
        return value

    return {name: walk(value, name) for name, value in outputs.items()}, replaced


def find_project(name: str, start: Path) -> Path | None:
    """The root of the Pulumi project called ``name``: ``start`` and the folders above it (up to the one holding
    ``.git``, else :data:`LEVELS_WITHOUT_REPOSITORY` levels up), each checked itself and then its subfolders.
    The nearest level wins; two projects of that name at one level are an error naming both."""
    folders = [start, *start.parents]
    repository = next((i for i, folder in enumerate(folders) if (folder / ".git").exists()), None)
    last = repository if repository is not None else LEVELS_WITHOUT_REPOSITORY
    for folder in folders[: last + 1]:
        candidates = [folder, *sorted(p for p in folder.iterdir() if p.is_dir() and p != start)]
        found = [c for c in candidates if _project_name(c) == name]
        if len(found) > 1:
            raise PreviewError(
                f"two Pulumi projects are named {name!r}: {found[0]} and {found[1]}; "
                "a StackReference cannot tell which one it means"
            )
        if found:
            return found[0]
    return None


def _project_name(folder: Path) -> str | None:
    try:
        doc = read_yaml(find_project_file(folder))
    except (PreviewError, OSError):
        return None
    value = doc.get("name") if isinstance(doc, dict) else None
    return value if isinstance(value, str) else None


def _supplied(path: Path, *, organization: str, project: str) -> dict[StackName, dict[str, Any]]:
    """The StackReference answers in the ``--data-sources`` file, keyed by full stack name, as the builtin
    provider's state (outputs with secrets wrapped, and secretOutputNames)."""
    if path.suffix.lower() == ".json":
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            raise PreviewError(f"--data-sources {path}: {exc}") from None
    else:
        doc = read_yaml(path)
    section = doc.get(TYPE) if isinstance(doc, dict) else None
    if section is None:
        return {}
    where = f"--data-sources {path}: {TYPE}"
    if not isinstance(section, dict):
        raise PreviewError(f"{where}: expected a mapping of stack name to {{outputs: {{...}}}}")
    answers: dict[StackName, dict[str, Any]] = {}
    for key, entry in section.items():
        at = f"{where}.{key}"
        name = parse_stack_name(str(key), organization=organization, project=project)
        if name in answers:
            raise PreviewError(f"{at}: {name} is given twice")
        if not isinstance(entry, dict) or not isinstance(entry.get("outputs"), dict):
            raise PreviewError(f"{at}: expected {{outputs: {{...}}}}, the stack's outputs by name")
        unknown_keys = sorted(set(entry) - {"outputs", "secretOutputNames"})
        if unknown_keys:
            raise PreviewError(f"{at}.{unknown_keys[0]}: is not a known setting (outputs, secretOutputNames)")
        outputs: dict[str, Any] = entry["outputs"]
        secret = entry.get("secretOutputNames", [])
        if not isinstance(secret, list) or not all(isinstance(s, str) for s in secret):
            raise PreviewError(f"{at}.secretOutputNames: expected a list of output names")
        for s in secret:
            if s not in outputs:
                raise PreviewError(f"{at}.secretOutputNames: {s!r} is not one of its outputs")
        marked = set(secret) | {k for k, v in outputs.items() if v == SHOWN_SECRET}
        answers[name] = {k: {SIG: SECRET_SIG, "value": v} if k in marked else v for k, v in outputs.items()}
    return answers


def _how_to_supply(name: StackName) -> str:
    return (
        f"give its outputs in the --data-sources file:\n"
        f"  {TYPE}:\n"
        f"    {name}:\n"
        f"      outputs: {{...}}   # what `pulumi stack output --json --stack {name}` prints"
    )


def offline_preview(data_sources: Path | None, progress: Callable[[str], None]) -> Preview:
    """A referenced stack's outputs from its own offline preview: no packs, the same data sources."""

    def run(root: Path, stack: str, organization: str, answering: tuple[str, ...]) -> dict[str, Any]:
        from .runner import run_preview  # the runner uses this module: imported when a reference needs it

        progress(f"StackReference: previewing {root} for stack {stack} offline, for its outputs")
        nested = run_preview(
            root,
            stack,
            data_sources=data_sources,
            progress=lambda message: progress(f"  {message}"),
            organization=organization,
            answering=answering,
            # The referenced stack stands for a deployed one, whose IDs a StackReference reads as known.
            known_ids=True,
        )
        return nested.outputs

    return run


def _could_not_run(name: StackName, root: Path, error: PreviewError) -> PreviewError:
    return PreviewError(
        f"StackReference {name}: the offline preview of project {name.project!r}, stack {name.stack!r} "
        f"({root}) could not run: {error}; or {_how_to_supply(name)}"
    )


class StackReferences:
    """Answers the StackReference reads of one preview run (the monitor's read hook); remembers how."""

    def __init__(
        self,
        project: Project,
        *,
        organization: str,
        preview: Preview,
        data_sources: Path | None = None,
        answering: tuple[str, ...] = (),
    ) -> None:
        self.project = project
        self.organization = organization
        self.preview = preview
        self.data_sources = data_sources
        self.answering = answering
        """This run's stack and those whose references it answers, outermost first, as full names: a reference
        back to one of them goes round in a circle."""
        self._supplied: dict[StackName, dict[str, Any]] | None = None
        self._answers: dict[StackName, dict[str, Any]] = {}
        self._notes: list[str] = []
        self._lock = threading.Lock()

    def read(self, type_: str, id_: str, inputs: Mapping[str, Any]) -> dict[str, Any] | None:
        """The state of a read resource: a StackReference's, or None for any other type."""
        if type_ != TYPE:
            return None
        name = parse_stack_name(
            str(inputs.get("name") or id_), organization=self.organization, project=self.project.name
        )
        with self._lock:  # one answer per stack, however many references ask for it at once
            outputs = self._answers.get(name)
            if outputs is None:
                outputs = self._answers[name] = self._answer(name)
        return {"name": id_, "outputs": outputs, "secretOutputNames": secret_output_names(outputs)}

    def notes(self) -> list[str]:
        return list(self._notes)

    def _answer(self, name: StackName) -> dict[str, Any]:
        if self._supplied is None:
            self._supplied = (
                _supplied(self.data_sources, organization=self.organization, project=self.project.name)
                if self.data_sources is not None
                else {}
            )
        supplied = self._supplied.get(name)
        if supplied is not None:
            self._notes.append(
                f"StackReference {name}: answered from {self.data_sources} ({TYPE}), "
                f"{len(supplied)} outputs{_secret_note(supplied)}."
            )
            return supplied
        if str(name) in self.answering:
            chain = " -> ".join([*self.answering, str(name)])
            raise PreviewError(f"StackReference {name}: the references go round in a circle ({chain})")
        root = self._project_root(name)
        try:
            project = load_project(root)
        except PreviewError as exc:
            raise _could_not_run(name, root, exc) from None
        if not stack_config_path(project, name.stack).is_file():
            raise PreviewError(
                f"StackReference {name}: project {name.project!r} ({root}) has no stack {name.stack!r} "
                f"(no Pulumi.{name.stack}.yaml); {_how_to_supply(name)}"
            )
        try:
            raw = self.preview(root, name.stack, name.organization, self.answering)
        except PreviewError as exc:
            raise _could_not_run(name, root, exc) from None
        outputs, replaced = known(raw)
        where = os.path.relpath(root, self.project.root)
        note = (
            f"StackReference {name}: answered from the offline preview of project {name.project!r}, stack "
            f"{name.stack!r} ({where}), {len(outputs)} outputs{_secret_note(outputs)}; its IDs are that "
            "preview's placeholders"
        )
        if replaced:
            note += (
                f", and the {'value' if len(replaced) == 1 else f'{len(replaced)} values'} it could not know "
                f"offline {'stands' if len(replaced) == 1 else 'stand'} as {UNKNOWN_PREFIX}<path>: "
                + ", ".join(replaced)
            )
        self._notes.append(note + ".")
        return outputs

    def _project_root(self, name: StackName) -> Path:
        if name.project == self.project.name:
            return self.project.root
        root = find_project(name.project, self.project.root)
        if root is None:
            raise PreviewError(
                f"StackReference {name}: no Pulumi project named {name.project!r} was found in or beside "
                f"{self.project.root} or the folders above it; {_how_to_supply(name)}"
            )
        return root


def _secret_note(outputs: Mapping[str, Any]) -> str:
    secret = secret_output_names(outputs)
    return f" (secret, shown as [secret]: {', '.join(secret)})" if secret else ""
