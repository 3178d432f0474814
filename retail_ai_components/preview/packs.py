"""Which policy packs a preview runs, with which interpreter, and the pack folder for the Pulumi CLI.

The order is the contract's: every ``--policy-pack`` given (``none``: no pack at all); else ``policies/``
beside Pulumi.yaml; else the pack bundled in the wheel. The last step is what makes a company repository
that only ``pip install``-s the library get a working gate instead of a silent PASS.

``--policy-pack`` and ``--policy-pack-config`` follow the Pulumi CLI (``validatePolicyPackConfig``): both
are string slices (repeatable, and comma-separated values split), the n-th config belongs to the n-th pack,
and if any config is given there must be one per pack. One addition for the defaults the CLI does not have:
with no ``--policy-pack``, a single ``--policy-pack-config`` configures the default pack (project or
bundled).
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._version import __version__
from .errors import PreviewError
from .notes import Note
from .safe_yaml import read_yaml

ORIGINS = ("flag", "project", "bundled")
MANIFEST = "PulumiPolicy.yaml"
PROJECT_PACK_FOLDER = "policies"
# The pack's Python package is published by this distribution; nothing else installs it.
DISTRIBUTION = "retail-ai-components"


@dataclass(frozen=True)
class PackSpec:
    """One pack to judge the stack with."""

    path: Path
    config: Path | None = None
    origin: str = "flag"
    """``flag`` (--policy-pack), ``project`` (policies/ beside Pulumi.yaml) or ``bundled`` (in the wheel)."""
    python: str = sys.executable
    """The interpreter that starts the pack (``python -u -m pulumi.policy``)."""
    stateless_analyze: bool = False
    """The pack declares each Analyze a pure function of its request (:func:`stateless_analyze`)."""


def bundled_pack_dir() -> Path:
    """The pack folder shipped inside the wheel (``retail_ai_components/policy_pack``)."""
    return Path(__file__).resolve().parent.parent / "policy_pack"


def pack_manifest(path: Path) -> dict[str, Any]:
    doc = read_yaml(path / MANIFEST)
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise PreviewError(f"{path / MANIFEST}: expected an object with runtime and version")
    return doc


def pack_version(path: Path) -> str:
    """The version the Pulumi CLI reports for a pack: ``version`` of its PulumiPolicy.yaml."""
    version = pack_manifest(path).get("version")
    return "" if version is None else str(version)


EXTENSION_KEY = "retailAi"
"""The PulumiPolicy.yaml key read by this preview only: the Pulumi CLI reads the file without strict key
checking (runtime, version, main, description, author, website, license) and ignores any other key."""
STATELESS_ANALYZE = "statelessAnalyze"


def stateless_analyze(path: Path) -> bool:
    """Whether the pack at ``path`` declares that each of its Analyze calls is a pure function of its request,
    so the preview may send them in batches instead of one at a time::

        retailAi:
          statelessAnalyze: true

    A pack that says nothing gets one call at a time, as the engine sends them."""
    manifest = path / MANIFEST
    extension = pack_manifest(path).get(EXTENSION_KEY)
    if extension is None:
        return False
    if not isinstance(extension, dict):
        raise PreviewError(
            f"{manifest}: {EXTENSION_KEY} must be a mapping ({STATELESS_ANALYZE}: true or false)"
        )
    unknown = sorted(str(key) for key in extension if key != STATELESS_ANALYZE)
    if unknown:
        raise PreviewError(
            f"{manifest}: {EXTENSION_KEY}.{unknown[0]} is not a key the preview reads (it reads {STATELESS_ANALYZE})"
        )
    value = extension.get(STATELESS_ANALYZE, False)
    if not isinstance(value, bool):
        raise PreviewError(
            f"{manifest}: {EXTENSION_KEY}.{STATELESS_ANALYZE} must be true or false, not {value!r}"
        )
    return value


def _venv_python(venv: Path) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def pack_python(path: Path, origin: str) -> tuple[str, str]:
    """The interpreter for a pack and a note saying why.

    As pulumi-language-python does for a pack: the ``virtualenv`` of its PulumiPolicy.yaml, resolved against
    the pack folder. When that environment does not exist (the CLI would create it from requirements.txt;
    this tool installs nothing) the pack runs with the tool's own interpreter, which has pulumi-policy and the
    retail-ai policies.
    """
    own = sys.executable
    if origin == "bundled":
        return own, f"the bundled pack runs with the tool's own Python ({own})"
    runtime = pack_manifest(path).get("runtime")
    options = runtime.get("options") if isinstance(runtime, dict) else None
    virtualenv = options.get("virtualenv") if isinstance(options, dict) else None
    if not isinstance(virtualenv, str) or not virtualenv:
        return own, f"its {MANIFEST} names no virtualenv; it runs with the tool's own Python ({own})"
    venv = (path / virtualenv).resolve()
    python = _venv_python(venv)
    if python.is_file():
        return str(python), f"it runs with its virtualenv {venv}"
    return own, (
        f"its virtualenv {venv} does not exist; it runs with the tool's own Python ({own}) "
        f"(create the virtualenv from its requirements.txt to run it with its own)"
    )


def split_slice(values: Sequence[str]) -> list[str]:
    """A cobra string-slice flag: repeatable, and each value is CSV (so ``a,b`` is two values)."""
    result: list[str] = []
    for value in values:
        if value == "":
            continue
        for row in csv.reader([value]):
            result.extend(item for item in row)
    return result


def _pack_dir(text: str, flag: str) -> Path:
    path = Path(text).expanduser().resolve()
    if not path.is_dir():
        raise PreviewError(f"{flag} {text}: no such folder")
    if not (path / MANIFEST).is_file():
        raise PreviewError(f"{flag} {text}: not a policy pack (the folder has no {MANIFEST})")
    return path


def resolve_packs(
    project_root: Path, pack_flags: Sequence[str], config_flags: Sequence[str]
) -> tuple[list[PackSpec], list[Note]]:
    """The packs to run and notes on what was chosen; raises :class:`PreviewError` for bad flags."""
    flags = split_slice(pack_flags)
    configs = [Path(c).expanduser().resolve() for c in split_slice(config_flags)]
    for config_path, text in zip(configs, split_slice(config_flags), strict=True):
        if not config_path.is_file():
            raise PreviewError(f"--policy-pack-config {text}: no such file")

    if "none" in flags:
        if len(flags) > 1:
            raise PreviewError("--policy-pack none cannot be combined with other --policy-pack flags")
        if configs:
            raise PreviewError('"--policy-pack-config" needs a policy pack; --policy-pack none runs none')
        return [], [Note("--policy-pack none: no policy ran; this report judges nothing.")]

    if flags:
        if configs and len(configs) != len(flags):
            raise PreviewError(
                'the number of "--policy-pack-config" flags must match the number of "--policy-pack" flags '
                f"({len(configs)} config for {len(flags)} packs; the n-th config belongs to the n-th pack)"
            )
        paths = [_pack_dir(text, "--policy-pack") for text in flags]
        seen: dict[Path, str] = {}
        for path, text in zip(paths, flags, strict=True):
            if path in seen:
                raise PreviewError(f"--policy-pack {text}: the same pack is given twice ({seen[path]})")
            seen[path] = text
        specs = [
            PackSpec(path=path, config=configs[i] if configs else None, origin="flag")
            for i, path in enumerate(paths)
        ]
    else:
        if len(configs) > 1:
            raise PreviewError(
                'several "--policy-pack-config" flags need as many "--policy-pack" flags (one config per pack)'
            )
        config = configs[0] if configs else None
        project_pack = project_root / PROJECT_PACK_FOLDER
        if (project_pack / MANIFEST).is_file():
            specs = [PackSpec(path=project_pack.resolve(), config=config, origin="project")]
        else:
            specs = [PackSpec(path=bundled_pack_dir(), config=config, origin="bundled")]

    notes: list[Note] = []
    resolved: list[PackSpec] = []
    for spec in specs:
        python, why = pack_python(spec.path, spec.origin)
        resolved.append(PackSpec(spec.path, spec.config, spec.origin, python, stateless_analyze(spec.path)))
        if spec.origin == "bundled":
            notes.append(
                Note(
                    f"No --policy-pack and no {PROJECT_PACK_FOLDER}/ beside Pulumi.yaml: judged by the pack "
                    f"bundled with retail-ai-components {__version__} ({spec.path}).",
                    announce=True,
                )
            )
        elif spec.origin == "project":
            notes.append(
                Note(
                    f"No --policy-pack: judged by {spec.path} (the {PROJECT_PACK_FOLDER}/ beside Pulumi.yaml)."
                )
            )
        notes.append(Note(f"Pack {spec.path}: {why}."))
    return resolved, notes


# --------------------------------------------------------------------------- `retail-ai policy-pack DIR`

MAIN_PY = '''"""The retail-ai policy pack for the Pulumi CLI: `pulumi preview --policy-pack <this folder>`.

Written by `retail-ai policy-pack` {version}. The policies live in the installed retail_ai_policies package
(shipped in the retail-ai-components distribution that requirements.txt pins), so this file only serves the
pack. serve() blocks serving the engine: nothing may import this module.
"""

from retail_ai_policies.serve import serve

serve()
'''

MANIFEST_YAML = """# The retail-ai CrossGuard pack, written by `retail-ai policy-pack` {version}.
# The Pulumi CLI creates venv/ from requirements.txt on first use.
runtime:
  name: python
  options:
    toolchain: pip
    virtualenv: venv
description: >-
  retail-ai CrossGuard pack for any Alibaba Cloud stack: intranet-only, private-ACL and single-region data
  sovereignty (mandatory), plus advisory encryption, resilience and workload-fit checks.
version: {version}
# Read by `retail-ai preview` only (the Pulumi CLI ignores keys it does not define): each Analyze of this pack
# is a pure function of its request, so the offline preview may send them in batches.
retailAi:
  statelessAnalyze: true
"""

DEFAULT_REQUIREMENT_COMMENT = """\
# retail-ai-components is not published on PyPI. Point this line at where your organisation gets it, e.g.
#   retail-ai-components @ git+https://<your git host>/<org>/retail-ai-components@v{version}
#   retail-ai-components @ file:///path/to/retail_ai_components-{version}-py3-none-any.whl
# (`retail-ai policy-pack DIR --requirement '<line>'` writes it for you), or keep this pin if your package
# index (a private mirror) serves the wheel.
"""


def default_requirement() -> str:
    return f"{DISTRIBUTION}=={__version__}"


def requirements_text(requirement: str | None) -> str:
    if requirement is None:
        return DEFAULT_REQUIREMENT_COMMENT.format(version=__version__) + default_requirement() + "\n"
    line = requirement.strip()
    if not line or "\n" in line:
        raise PreviewError("--requirement must be one requirement line (a pin, a git URL or a wheel path)")
    return (
        f"# The policies' package, pinned to the version that wrote this pack ({__version__}).\n"
        f"{_as_requirement(line)}\n"
    )


def _as_requirement(line: str) -> str:
    """A bare wheel path becomes ``name @ file:///...`` (pip needs a URL after ``@``; a relative path in
    requirements.txt would be relative to wherever pip runs)."""
    if line.endswith(".whl") and "@" not in line and "://" not in line:
        wheel = Path(line).expanduser().resolve()
        if not wheel.is_file():
            raise PreviewError(f"--requirement {line}: no such wheel")
        return f"{DISTRIBUTION} @ {wheel.as_uri()}"
    return line


def write_pack_folder(dest: Path, requirement: str | None = None, force: bool = False) -> list[Path]:
    """Writes a pack folder the Pulumi CLI runs as ``--policy-pack DIR``; returns the files written."""
    files = {
        MANIFEST: MANIFEST_YAML.format(version=__version__),
        "__main__.py": MAIN_PY.format(version=__version__),
        "requirements.txt": requirements_text(requirement),
        ".gitignore": "venv/\n__pycache__/\n",
    }
    if dest.exists() and not dest.is_dir():
        raise PreviewError(f"{dest} exists and is not a folder")
    existing = [name for name in files if (dest / name).exists()]
    if existing and not force:
        raise PreviewError(f"{dest} already has {', '.join(existing)}; pass --force to overwrite")
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        (dest / name).write_text(text, encoding="utf-8")
        written.append(dest / name)
    return written
