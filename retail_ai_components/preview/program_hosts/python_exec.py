"""Runs a Pulumi program for ``retail-ai preview``, as the CLI's language host runs it.

Started by path with the project's own interpreter (its virtualenv), which has ``pulumi`` but not
necessarily this library: it imports only the standard library and ``pulumi``. It mirrors the Pulumi
CLI's Python language host (``pulumi-language-python-exec``): the same arguments, config from
``PULUMI_CONFIG``/``PULUMI_CONFIG_SECRET_KEYS``, ``pulumi.runtime.Settings`` pointed at the monitor and
engine the preview serves, the working directory set to the program, and the program run with
``runpy.run_path`` inside ``run_in_stack``.

What it adds:

* ``--upstream-guard``: the file of ``retail_ai_policies.upstream_guard``, loaded by path, which decides
  whether the SDK speed-ups below may replace the SDK's private functions (the installed version and the hash
  of their source must be the pinned ones); without it none applies.
* ``--addresses-fd``: the monitor and engine addresses, read as one line (``<monitor> <engine>``) from that
  file descriptor once ``pulumi`` is imported, so this interpreter starts and imports the SDK while the
  preview is still starting the services it talks to. An empty read (the preview stopped first) ends it.
* ``--status-fd``: one JSON line per event on that file descriptor (never on the program's stdout, which
  belongs to the program), as :mod:`.program_process` describes; ``start`` also carries the speed-ups
  applied.

A process that ends without ``done`` did not finish its stack: the preview is then not judged.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib.util
import json
import logging
import os
import pathlib
import runpy
import sys
import traceback
import types
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

# The SDK versions whose private ``pulumi.runtime.resource._get_stack_trace`` is known (by the hash of
# its source, checked by the pack's upstream guard) to be safe to replace (see cheap_stack_traces). Any
# other version keeps its own.
STACK_TRACE_SDK = {"3.272.0": "3943b22730169251"}
# Likewise for ``pulumi.runtime.stack.wait_for_rpcs`` (see batch_output_waits).
WAIT_FOR_RPCS_SDK = {"3.272.0": "c0f9027f85ad0925"}

Pinned = Callable[..., bool]
"""``upstream_guard.pinned(pins, version, *functions)``: whether a patch may replace those functions."""
# The collector's first threshold while the program runs: the SDK's heap is large and long-lived
# (about 85 KB a resource), so with the default 700 full collections dominated the run when measured.
GC_THRESHOLD = 100_000


class _Status:
    def __init__(self, fd: int | None) -> None:
        self._file = os.fdopen(fd, "w", buffering=1, encoding="utf-8") if fd is not None else None

    def send(self, **event: Any) -> None:
        if self._file is not None:
            self._file.write(json.dumps(event) + "\n")
            self._file.flush()


def _never_pinned(*args: Any) -> bool:
    return False


def load_guard(path: str | None) -> Pinned:
    """The upstream guard's ``pinned``, loaded by file: this interpreter may have neither of the tool's
    packages. Without it no patch applies."""
    if not path:
        return _never_pinned
    try:
        spec = importlib.util.spec_from_file_location("_retail_ai_upstream_guard", path)
        if spec is None or spec.loader is None:
            return _never_pinned
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except (OSError, ImportError, SyntaxError):
        return _never_pinned
    pinned: Pinned = module.pinned
    return pinned


def cheap_stack_traces(pulumi_version: str, pinned: Pinned) -> bool:
    """Replaces the SDK's per-resource stack-trace capture with one that keeps only what is used.

    The SDK's ``_get_stack_trace`` formats every frame of the stack (``traceback.extract_stack`` reads
    source lines) for each resource; the engine uses only the first frame, the registration site
    (``sourcePosition``), which the report shows beside a violation. This keeps that frame, found the
    same way (the caller of the third ``__init__`` up the stack), from the frame objects directly.
    Applied only to SDK versions whose function is known by the hash of its source.
    """
    from pulumi.runtime import resource as sdk_resource
    from pulumi.runtime.proto import source_pb2

    if not pinned(STACK_TRACE_SDK, pulumi_version, getattr(sdk_resource, "_get_stack_trace", None)):
        return False
    uris: dict[str, str | None] = {}

    def uri_of(filename: str) -> str | None:
        if filename not in uris:
            try:
                uris[filename] = pathlib.Path(os.path.abspath(filename)).as_uri() if filename else None
            except ValueError:
                uris[filename] = None
        return uris[filename]

    def registration_site() -> source_pb2.StackTrace:
        frame: types.FrameType | None = sys._getframe(1)
        inits = 0
        while frame is not None:
            if frame.f_code.co_name == "__init__":
                inits += 1
                if inits == 3:
                    break
            frame = frame.f_back
        caller = frame.f_back if frame is not None else None
        uri = uri_of(caller.f_code.co_filename) if caller is not None else None
        if uri is None or caller is None:
            return source_pb2.StackTrace()
        position = source_pb2.SourcePosition(uri=uri, line=caller.f_lineno)
        return source_pb2.StackTrace(frames=[source_pb2.StackFrame(pc=position)])

    sdk_resource._get_stack_trace = registration_site
    return True


class _AsyncioWaitingForAll:
    """``asyncio`` as ``pulumi.runtime.stack`` sees it, with ``wait(..., FIRST_COMPLETED)`` made
    ``FIRST_EXCEPTION``: see :func:`batch_output_waits`."""

    def __init__(self, module: Any) -> None:
        self._asyncio = module

    def wait(self, tasks: Any, *, return_when: str = asyncio.ALL_COMPLETED, **kwargs: Any) -> Any:
        if return_when == asyncio.FIRST_COMPLETED:
            return_when = asyncio.FIRST_EXCEPTION
        return self._asyncio.wait(tasks, return_when=return_when, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._asyncio, name)


def batch_output_waits(pulumi_version: str, pinned: Pinned) -> bool:
    """Makes the SDK's end-of-program wait linear instead of quadratic.

    ``wait_for_rpcs`` awaits every outstanding output with ``asyncio.wait(FIRST_COMPLETED)`` in a loop,
    so each completion re-registers a callback on every pending task: with thousands of registrations
    in flight (a program that declares resources faster than they are answered) it is O(n^2) and
    dominates the run. Waiting with ``FIRST_EXCEPTION`` returns on the same failures (an exception
    raised by any output, at once) and otherwise once per batch; the loop then awaits the done tasks
    (re-raising as before) and picks up outputs created meanwhile, as before. Pinned by source hash.
    """
    from pulumi.runtime import stack

    if not pinned(WAIT_FOR_RPCS_SDK, pulumi_version, getattr(stack, "wait_for_rpcs", None)):
        return False
    stack.asyncio = _AsyncioWaitingForAll(asyncio)  # type: ignore[attr-defined,assignment]
    return True


class _QuietEngine:
    """The engine stub, minus DEBUG log messages.

    The SDK sends a synchronous ``Engine.Log`` RPC for every ``log.debug`` (four per resource), from
    the program's own thread; the CLI shows them only with ``-v`` and this preview never does.
    """

    def __init__(self, stub: Any) -> None:
        self._stub = stub

    def Log(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        from pulumi.runtime.proto import engine_pb2

        if request.severity == engine_pb2.DEBUG:
            return None
        return self._stub.Log(request, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stub, name)


def _program_frame(exc: BaseException, program_dir: str) -> tuple[str, int] | None:
    """The innermost frame of the program's own code (under its folder, outside any environment)."""
    frames = traceback.extract_tb(exc.__traceback__)
    environment = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    own: tuple[str, int] | None = None
    if isinstance(exc, SyntaxError) and exc.filename:
        # A program that does not compile has no frame of its own: the error names the file and line.
        path = os.path.realpath(exc.filename)
        if path.startswith(program_dir + os.sep):
            return os.path.relpath(path, program_dir), exc.lineno or 0
    for frame in frames:
        if frame.filename.startswith("<"):
            continue  # <frozen importlib._bootstrap> and the like are no file of the program's
        path = os.path.realpath(frame.filename)
        if not path.startswith(program_dir + os.sep):
            continue
        if any(path.startswith(env + os.sep) for env in environment) or "site-packages" in path:
            continue
        own = (os.path.relpath(path, program_dir), frame.lineno or 0)
    return own


def main() -> int:
    ap = argparse.ArgumentParser(description="Execute a Pulumi Python program for retail-ai preview")
    ap.add_argument("--project")
    ap.add_argument("--root_directory")
    ap.add_argument("--stack")
    ap.add_argument("--parallel")
    ap.add_argument("--dry_run")
    ap.add_argument("--pwd")
    ap.add_argument("--monitor")
    ap.add_argument("--engine")
    ap.add_argument("--organization")
    ap.add_argument("--status-fd", type=int)
    ap.add_argument("--addresses-fd", type=int)
    ap.add_argument("--upstream-guard")
    ap.add_argument("PROGRAM")
    ap.add_argument("ARGS", nargs="*")
    args = ap.parse_args()
    status = _Status(args.status_fd)

    # Run by path, Python put this file's folder first on sys.path; the program must not see our
    # modules as top-level ones (the language host's exec script sits in a folder with none).
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]

    try:
        import pulumi
        import pulumi.runtime
    except ImportError as exc:
        status.send(event="no-sdk", message=str(exc), interpreter=sys.executable)
        return 1

    version = _installed_version()
    speedups = ["no-debug-log-rpcs"]
    pinned = load_guard(args.upstream_guard)
    if cheap_stack_traces(version, pinned):
        speedups.append("registration-site-only")
    if batch_output_waits(version, pinned):
        speedups.append("batched-output-waits")

    if args.addresses_fd is not None:
        with os.fdopen(args.addresses_fd, encoding="utf-8") as addresses:
            given = addresses.readline().split()
        if len(given) != 2:
            return 1  # the preview stopped before its services were up, and reports why itself
        args.monitor, args.engine = given

    config = pulumi.runtime.get_config_env()
    pulumi.runtime.set_all_config(config, pulumi.runtime.get_config_secret_keys_env())
    settings = pulumi.runtime.Settings(
        monitor=args.monitor,
        engine=args.engine,
        project=args.project,
        stack=args.stack,
        parallel=int(args.parallel),
        dry_run=args.dry_run == "true",
        organization=args.organization,
        root_directory=args.root_directory,
    )
    if settings.engine is not None:
        settings.engine = _QuietEngine(settings.engine)
    pulumi.runtime.configure(settings)
    sys.argv = [args.PROGRAM, *args.ARGS]
    if args.pwd is not None:
        os.chdir(args.pwd)
    program_dir = os.path.realpath(os.getcwd())

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    executor = ThreadPoolExecutor(max_workers=max(int(args.parallel), 1) * 4)
    loop.set_default_executor(executor)
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)

    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 50, 100)
    speedups.append(f"gc-threshold-{GC_THRESHOLD}")
    status.send(
        event="start", interpreter=sys.executable, prefix=sys.prefix, pulumi=version, speedups=speedups
    )

    code = 1
    try:
        loop.run_until_complete(pulumi.runtime.run_in_stack(lambda: _run_program(args.PROGRAM)))
    except SystemExit as exc:
        exit_code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        frame = _program_frame(exc, program_dir)
        status.send(
            event="exit",
            code=exit_code,
            call="sys.exit",
            file=frame[0] if frame else "",
            line=frame[1] if frame else 0,
            message="" if isinstance(exc.code, (int, type(None))) else str(exc.code),
        )
        code = exit_code or 1
    except BaseException as exc:
        frame = _program_frame(exc, program_dir)
        message = str(exc)
        if isinstance(exc, pulumi.RunError):
            message = message.strip()
        status.send(
            event="error",
            type=type(exc).__name__,
            message=message,
            file=frame[0] if frame else "",
            line=frame[1] if frame else 0,
        )
        code = 1
    else:
        status.send(event="done")
        code = 0
    finally:
        gc.set_threshold(700, 10, 10)
        executor.shutdown(wait=False, cancel_futures=True)
        loop.close()
        sys.stdout.flush()
        sys.stderr.flush()
    return code


def _run_program(path: str) -> None:
    runpy.run_path(path, run_name="__main__")


def _installed_version() -> str:
    try:
        from importlib.metadata import version

        return version("pulumi")
    except Exception:
        return ""


if __name__ == "__main__":
    # os._exit: the SDK leaves non-daemon gRPC threads behind after a failure, which would hang exit.
    sys.stdout.flush()
    status_code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status_code)
