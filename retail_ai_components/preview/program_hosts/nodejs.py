"""The Node.js program host: TypeScript and JavaScript programs, run as the CLI's Node.js language host runs them.

The CLI's host (``pulumi-language-nodejs``) finds ``node`` on ``PATH``, resolves ``@pulumi/pulumi/cmd/run`` from
the program's folder (the project's own ``node_modules``) and starts ``node [nodeargs] <run entry> --monitor
... --engine ... --organization ... --project ... --root-directory ... --stack ... --pwd ... --dry-run
--parallel N <entry point>``, with ``PULUMI_CONFIG`` (keys as ``<namespace>:config:<name>``),
``PULUMI_CONFIG_SECRET_KEYS`` and, for TypeScript (the default), ``PULUMI_NODEJS_TYPESCRIPT=true``, so the SDK
compiles the program with ts-node as it does under the CLI (the project's own typescript and ts-node, else the
ones the SDK vendors). This host does the same through :file:`nodejs_run.js`, which speaks the start protocol
of :mod:`.program_process` and then hands over to that run entry point. The language host's ``--sync``
pipes are left out: no function of the SDK reads them.

Pulumi.yaml's ``runtime.options`` are read as the CLI reads them (:func:`node_options`); ``packagemanager``
only decides how to install, so here it only names the command in the hint for a project not installed yet.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PreviewError
from .output import ProgramOutput
from .program_process import ProgramProcess

if TYPE_CHECKING:
    from ..project import Project
    from . import ProgramSpec

RUN = Path(__file__).with_name("nodejs_run.js")
PACKAGE_MANAGERS = ("auto", "npm", "yarn", "pnpm", "bun")
# The lock file each package manager writes, in the order the CLI's auto-detection tries them.
LOCK_FILES = (
    ("bun", "bun.lockb"),
    ("bun", "bun.lock"),
    ("pnpm", "pnpm-lock.yaml"),
    ("yarn", "yarn.lock"),
    ("npm", "package-lock.json"),
)


@dataclass(frozen=True)
class NodeOptions:
    """Pulumi.yaml ``runtime.options`` of a ``nodejs`` project, as the language host parses them."""

    typescript: bool = True
    """Compile TypeScript with ts-node (the default)."""
    tsconfig: str = ""
    """The tsconfig file ts-node reads, relative to the program's folder (default ``tsconfig.json``)."""
    nodeargs: tuple[str, ...] = ()
    """Arguments for node itself, split as a shell splits them."""
    packagemanager: str = "auto"


def node_options(options: Mapping[str, Any], project_file: Path) -> NodeOptions:
    """``parseOptions`` of the CLI's Node.js language host, with its messages; PreviewError names the file."""

    def fail(message: str) -> PreviewError:
        return PreviewError(f"{project_file}: runtime.options: {message}")

    typescript = options.get("typescript", True)
    if not isinstance(typescript, bool):
        raise fail("typescript option must be a boolean")
    tsconfig = options.get("tsconfig", "")
    if not isinstance(tsconfig, str):
        raise fail("tsconfigpath option must be a string")
    nodeargs = options.get("nodeargs", "")
    if not isinstance(nodeargs, str):
        raise fail("nodeargs option must be a string")
    try:
        split = tuple(shlex.split(nodeargs))
    except ValueError as exc:
        raise fail(f"nodeargs {nodeargs!r}: {exc}") from None
    manager = options.get("packagemanager", "auto")
    if not isinstance(manager, str):
        raise fail("packagemanager option must be a string")
    if manager not in PACKAGE_MANAGERS:
        raise fail(f"packagemanager option must be one of auto, npm, yarn, pnpm or bun, got {manager!r}")
    return NodeOptions(typescript=typescript, tsconfig=tsconfig, nodeargs=split, packagemanager=manager)


def package_manager(options: NodeOptions, program_dir: Path) -> str:
    """The package manager that installs the project: the one named, else the one whose lock file is there."""
    if options.packagemanager != "auto":
        return options.packagemanager
    for folder in (program_dir, *program_dir.parents):
        for manager, lock_file in LOCK_FILES:
            if (folder / lock_file).is_file():
                return manager
        if (folder / "package.json").is_file():
            break
    return "npm"


def installed_sdk(program_dir: Path) -> tuple[Path, str] | None:
    """Where node would find ``@pulumi/pulumi`` from the program's folder, and its version."""
    for folder in (program_dir, *program_dir.parents):
        manifest = folder / "node_modules" / "@pulumi" / "pulumi" / "package.json"
        if manifest.is_file():
            try:
                version = str(json.loads(manifest.read_text(encoding="utf-8")).get("version", ""))
            except (OSError, ValueError):
                version = ""
            return manifest.parent, version
    return None


def pulumi_config(config: Mapping[str, str]) -> dict[str, str]:
    """``constructConfig``: the CLI hands Node.js programs their keys as ``<namespace>:config:<name>``."""
    out: dict[str, str] = {}
    for key, value in config.items():
        namespace, _, name = key.partition(":")
        out[f"{namespace}:config:{name}" if name else key] = value
    return out


class NodejsRuntime:
    """``runtime: nodejs``."""

    name = "nodejs"
    language = "Node.js (TypeScript and JavaScript)"

    def check_program(self, project_file: Path, program_dir: Path) -> None:
        if not program_dir.is_dir():
            raise PreviewError(f"{project_file}: the program folder {program_dir} does not exist")
        found = [
            n for n in ("package.json", "index.ts", "index.js", "index.mjs") if (program_dir / n).is_file()
        ]
        if not found:
            raise PreviewError(
                f"{project_file}: the program folder {program_dir} has no package.json, index.ts or index.js"
            )

    def host(self, project: Project, spec: ProgramSpec) -> ProgramProcess:
        project_file = project.file or project.root / "Pulumi.yaml"
        options = node_options(project.runtime_options, project_file)
        node = shutil.which("node")
        if node is None:
            raise PreviewError("could not find node on the $PATH: the Node.js program cannot run")
        sdk = installed_sdk(project.program_dir)
        manager = package_manager(options, project.program_dir)
        if sdk is None:
            note = f"The program ran with {node}; @pulumi/pulumi is not installed in {project.program_dir}."
        else:
            note = f"The program ran with {node} and the project's @pulumi/pulumi {sdk[1]} ({sdk[0]})."
        parallel = 4 * (os.cpu_count() or 1)  # the CLI's default --parallel
        run_args = [
            "--organization",
            spec.organization,
            "--project",
            spec.project,
            "--root-directory",
            str(project.root),
            "--stack",
            spec.stack,
            "--pwd",
            str(project.program_dir),
            "--dry-run",
            "--parallel",
            str(parallel),
            project.entry_point,
        ]
        env = {
            **os.environ,
            "PULUMI_CONFIG": json.dumps(pulumi_config(spec.config)),
            "PULUMI_CONFIG_SECRET_KEYS": json.dumps(list(spec.secret_keys)),
        }
        # Set by this host alone, as by the CLI's: none is inherited from the preview's own environment.
        for key in ("PULUMI_NODEJS_TYPESCRIPT", "PULUMI_NODEJS_TSCONFIG_PATH"):
            env.pop(key, None)
        if options.typescript:
            env["PULUMI_NODEJS_TYPESCRIPT"] = "true"
        if options.tsconfig:
            env["PULUMI_NODEJS_TSCONFIG_PATH"] = options.tsconfig
        return ProgramProcess(
            command=lambda status, addresses: [
                node,
                *options.nodeargs,
                str(RUN),
                "--status-fd",
                str(status),
                "--addresses-fd",
                str(addresses),
                "--program-dir",
                str(project.program_dir),
                "--",
                *run_args,
            ],
            cwd=project.program_dir,
            env=env,
            output=ProgramOutput(),
            interpreter=node,
            note=note,
            sdk_hint=f"run `{manager} install` in {project.program_dir}",
        )
