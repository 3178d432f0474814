"""The preview as a function: the program out of process, judged by the packs as it registers.

One run, in the engine's layers:

1. project and stack config (:mod:`.project`); the program started by its runtime's host, in its own
   process group (:mod:`.program_hosts`), which loads its SDK and waits for the services' address;
2. data sources (:mod:`.datasources`); the packs started as the engine starts them, at once
   (:mod:`.pack_process`, :mod:`.analysis`);
3. the monitor and engine services (:mod:`.monitor`, :mod:`.server`) on a loopback port, their address
   given to the program;
4. each registration: provider Check (:mod:`.provider_check`), Remediate when a pack remediates,
   then Analyze by each pack's own thread while the program goes on; a multi-language component is
   constructed by its package's provider, whose registrations come in the same way (:mod:`.construct`);
5. when the program says its stack completed: AnalyzeStack once per pack.

Every child process is ended on every way out: normal end, errors, SIGINT, SIGTERM and SIGHUP.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from . import program_hosts
from .errors import PreviewError
from .notes import Note
from .packs import PackSpec, pack_version
from .processes import SUPERVISED, UNSUPERVISED_NOTE, kill_all_children
from .project import load_project
from .redaction import SECRETS
from .stack_config import load_stack_config
from .timeouts import policy_timeout, program_timeout

if TYPE_CHECKING:
    from .datasources import DataSources
    from .progress import ProgressLine
    from .records import ProgramRun
    from .verdicts import NotApplicable, PackInfo, Violation

__all__ = ["PackSpec", "PreviewResult", "Progress", "run_preview"]

Progress = Callable[[str], None]


@dataclass
class PreviewResult:
    run: ProgramRun
    region: str
    violations: list[Violation] = field(default_factory=list)
    not_applicable: list[NotApplicable] = field(default_factory=list)
    policy_pack: str | None = None
    """The first pack's name (kept for callers that knew one pack); see ``packs``."""
    notes: list[Note] = field(default_factory=list)
    packs: list[PackInfo] = field(default_factory=list)
    """Every pack that judged the run, in the order given."""
    program_output: list[tuple[str, str]] = field(default_factory=list)
    """What the program printed or logged, in order: (stream, line); streams are ``stdout``,
    ``stderr`` and, for ``pulumi.log`` messages, ``info``/``warning``/``error``."""
    outputs: dict[str, Any] = field(default_factory=dict)
    """The stack outputs (``pulumi.export``), engine-encoded (secrets wrapped)."""
    interpreter: str = ""
    """The Python the program ran with."""

    @property
    def mandatory(self) -> int:
        return sum(v.enforcement_level == "mandatory" for v in self.violations)

    @property
    def advisory(self) -> int:
        return sum(v.enforcement_level == "advisory" for v in self.violations)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Interrupted(PreviewError):
    """The preview was stopped by a signal (a CI cancel sends SIGTERM); nothing was judged."""


_SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """While children run: SIGINT/SIGTERM/SIGHUP end every child process group at once, then stop
    the preview with :class:`Interrupted` (exit 2), so no program or pack outlives a cancelled run.

    Only the main thread may install handlers; elsewhere the caller owns signals.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal raised
        kill_all_children()
        if not raised:
            raised = True
            raise Interrupted(
                f"interrupted by {signal.Signals(signum).name}: the program and the policy packs were stopped"
            )

    previous = {s: signal.getsignal(s) for s in _SIGNALS}
    for s in _SIGNALS:
        signal.signal(s, handler)
    try:
        yield
    finally:
        for s, old in previous.items():
            signal.signal(s, old)


def run_preview(
    cwd: Path,
    stack: str = "dev",
    packs: Sequence[PackSpec] = (),
    data_sources: Path | None = None,
    progress: Progress = _stderr,
    organization: str = "organization",
    answering: tuple[str, ...] = (),
    strict_data_sources: bool = False,
    live: ProgressLine | None = None,
) -> PreviewResult:
    """Runs the project in ``cwd`` for ``stack``, judged by ``packs`` (none: no policies).

    ``answering``: the stacks whose StackReferences this run answers, outermost first (a nested run).
    ``strict_data_sources``: refuse account-state data sources rather than answer them with placeholders.
    ``live``: the progress line of a long run, counting registrations from the program's start to the
    packs' verdicts (``progress`` messages must pause it: :meth:`.ProgressLine.paused`).

    Raises :class:`PreviewError` when the run cannot be judged.
    """
    project = load_project(cwd)
    config = load_stack_config(project, stack)
    SECRETS.learn_environment()
    SECRETS.learn_config(config.values[key] for key in config.secret_keys if key in config.values)
    program_seconds = program_timeout()
    pack_seconds = policy_timeout() if packs else 0.0
    program = program_hosts.host_for(
        project,
        program_hosts.ProgramSpec(
            project=project.name,
            stack=stack,
            organization=organization,
            config=config.values,
            secret_keys=config.secret_keys,
        ),
    )
    progress(program.note)
    output = program.output
    where = (
        project.program_dir.relative_to(project.root) if project.program_dir != project.root else Path(".")
    )
    with _stopped_by_signals():
        served = None
        analysis = None
        monitor = None
        components = None
        try:
            # The program's interpreter starts first: it imports its SDK on the other core while the
            # engine's own modules load here and its services start (a fifth of a small stack's run).
            program.start()
            from . import policy_config, provider_check
            from .analysis import PackRun, StreamedAnalysis
            from .construct import ComponentProviders
            from .datasources import DataSources
            from .engine_service import EngineServicer
            from .monitor import Monitor
            from .server import serve
            from .stack_reference import StackName, StackReferences, offline_preview

            sources = DataSources(
                config.region, data_sources, strict=strict_data_sources, program_dir=project.program_dir
            )
            references = StackReferences(
                project,
                organization=organization,
                preview=offline_preview(data_sources, progress),
                data_sources=data_sources,
                answering=(*answering, str(StackName(organization, project.name, stack))),
            )
            monitor = Monitor(
                project.name,
                stack,
                config.values,
                config.secret_keys,
                organization=organization,
                check=provider_check.check,
                check_config=provider_check.check_config,
                invoke=sources.invoke,
                read=references.read,
            )
            stop = threading.Event()

            # A refusal ends the run at once, as a pack's failure does: a Node.js program can take minutes to
            # format the rejections of everything that waited on the refused resource.
            monitor.on_failure = stop.set

            def failed(error: PreviewError) -> None:
                monitor.fail(error)
                stop.set()

            runs = [
                PackRun(
                    spec.path,
                    config_file=spec.config,
                    origin=spec.origin,
                    python=spec.python,
                    version=pack_version(spec.path),
                    project=project.name,
                    stack=stack,
                    organization=organization,
                    config=config.values,
                    timeout=pack_seconds,
                    on_error=failed,
                    stateless_analyze=spec.stateless_analyze,
                )
                for spec in packs
            ]
            analysis = StreamedAnalysis(runs)
            if runs:
                monitor.observer = analysis
            analysis.start()
            served = serve(monitor, EngineServicer(output.add))
            components = ComponentProviders(
                monitor_address=served.monitor_address,
                engine_address=served.engine_address,
                organization=organization,
                project=project.name,
                stack=stack,
                config=config.values,
                secret_keys=config.secret_keys,
                on_output=output.add,
                cwd=project.root,
            )
            monitor.components = components
            progress(f"Running {where} for stack {stack}")
            if live is not None:
                registered = monitor.resources
                live.start(lambda: len(registered))
            program.connect(served.monitor_address, served.engine_address)
            try:
                program.wait(program_seconds, stop)
            except PreviewError as exc:
                # The monitor's refusal (duplicate URN, unanswered data source, Check) is the cause;
                # the program only saw its registration fail.
                raise (monitor.failure or exc) from None
            if monitor.failure is not None:
                raise monitor.failure
            progress(f"Registered {len(monitor.resources)} resources")
            if live is not None and runs:
                live.stage("Judging the stack with the policy packs")
            analysis.finish(monitor.resources)
        finally:
            if live is not None:
                live.stop()
            program.terminate()
            if components is not None:
                components.close()
            if served is not None:
                served.stop()
            if analysis is not None:
                analysis.close()
            if monitor is not None:
                monitor.close()

    assert monitor is not None
    run = monitor.run()
    if not run.resources:
        raise PreviewError("the program registered nothing, not even its stack")
    result = PreviewResult(
        run=run,
        region=config.region,
        program_output=list(output.lines),
        outputs=run.stack_resource.outputs or {},
        interpreter=program.interpreter,
    )
    for pack in runs:
        assert pack.info is not None
        result.packs.append(pack.info)
        result.violations.extend(pack.violations)
        result.not_applicable.extend(pack.not_applicable)
        progress(
            f"Policy pack {pack.name}: "
            f"{sum(v.enforcement_level == 'mandatory' for v in pack.violations)} mandatory, "
            f"{sum(v.enforcement_level == 'advisory' for v in pack.violations)} advisory"
        )
    result.policy_pack = result.packs[0].name if result.packs else None
    result.notes.extend(_notes(result, program.note, config.notes, sources, output))
    result.notes.extend(Note(text) for text in references.notes())
    if runs:
        configs = {pack.name: pack.info.config for pack in runs if pack.info is not None}
        result.notes.extend(policy_config.unmatched_exemptions(configs, run.resources))
    return result


def _notes(
    result: PreviewResult,
    interpreter_note: str,
    config_notes: list[str],
    sources: DataSources,
    output: program_hosts.ProgramOutput,
) -> list[Note]:
    from . import provider_check

    run = result.run
    texts = [
        interpreter_note,
        "IDs are placeholders (placeholder-<module>-<type>-<name>), the same string every reference receives; "
        "values only the cloud computes (endpoints, generated names) are unknown, shown as [unknown].",
        *provider_check.notes(
            str(r.inputs.get("version", "")) for r in run.resources if r.type == "pulumi:providers:alicloud"
        ),
        *config_notes,
        *sources.notes(),
    ]
    if not SUPERVISED:
        texts.append(UNSUPERVISED_NOTE)
    read = [r.urn for r in run.resources if r.read and r.outputs is None]
    if read:
        texts.append(
            f"Read (Resource.get), not created, so their properties are unknown offline: {', '.join(read)}."
        )
    remote = [r.urn for r in run.resources if r.remote]
    if remote:
        texts.append(
            "Multi-language components whose children only their provider can construct, not previewed: "
            + ", ".join(remote)
            + "."
        )
    if output.dropped:
        texts.append(output.dropped_note())
    return [Note(text) for text in texts]
