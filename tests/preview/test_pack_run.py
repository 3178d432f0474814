"""How a run sends Analyze to a pack: one call at a time for any pack, in batches for a pack that declares its
Analyze stateless (ours does), answers always taken in registration order. The pack process is a stand-in that
records what is in flight."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from pulumi.runtime.proto import analyzer_pb2

from retail_ai_components.preview.analysis import ANALYZE_BATCH, PackRun
from retail_ai_components.preview.errors import PreviewError
from retail_ai_components.preview.packs import bundled_pack_dir, resolve_packs, stateless_analyze
from retail_ai_components.preview.records import RecordedResource

POLICIES = Path(__file__).resolve().parents[2] / "policies"


class StandInPack:
    """Answers Analyze after a short delay; records what was sent and how many calls were in flight at once."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.most_in_flight = 0
        self.sent: list[str] = []
        self._lock = threading.Lock()

    def analyze_async(self, request: analyzer_pb2.AnalyzeRequest) -> Any:
        with self._lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            self.sent.append(request.urn)
        urn = request.urn

        def result() -> analyzer_pb2.AnalyzeResponse:
            time.sleep(0.001)
            with self._lock:
                self.in_flight -= 1
            return analyzer_pb2.AnalyzeResponse(
                diagnostics=[analyzer_pb2.AnalyzeDiagnostic(policyName="p", message=f"judged {urn}")]
            )

        return result

    def close(self) -> None:
        pass


def pack_run(*, timeout: float = 10, on_error: Any = lambda error: None, stateless: bool = False) -> PackRun:
    """A run of our pack whose process a test replaces with a stand-in."""
    return PackRun(
        POLICIES,
        config_file=None,
        origin="flag",
        python="python",
        version="",
        project="p",
        stack="dev",
        organization="organization",
        config={},
        timeout=timeout,
        on_error=on_error,
        stateless_analyze=stateless,
    )


def run_with(stateless: bool, count: int) -> tuple[PackRun, StandInPack]:
    run = pack_run(stateless=stateless)
    pack = StandInPack()
    run.process = pack
    run._boot = lambda: None  # no pack process to start
    run.start()
    run.wait_ready()
    for i in range(count):
        resource = RecordedResource(urn=f"urn:{i}", type="t", name=str(i), custom=True, inputs={})
        run.submit(resource, analyzer_pb2.AnalyzeRequest(urn=resource.urn, type="t"))
    run._queue.put(None)
    run._thread.join(timeout=10)
    return run, pack


def test_a_pack_that_declares_nothing_gets_one_call_at_a_time():
    run, pack = run_with(stateless=False, count=50)
    assert pack.most_in_flight == 1
    assert run.analyzed == 50
    assert [v.message for v in run.violations] == [f"judged urn:{i}" for i in range(50)]


def test_a_stateless_pack_gets_batches_and_the_answers_stay_in_registration_order():
    run, pack = run_with(stateless=True, count=200)
    assert 1 < pack.most_in_flight <= ANALYZE_BATCH
    assert pack.sent == [f"urn:{i}" for i in range(200)]
    assert run.analyzed == 200
    assert [v.message for v in run.violations] == [f"judged urn:{i}" for i in range(200)]


# --------------------------------------------------------------------------- the declaration


def write_pack(folder: Path, extra: str = "") -> Path:
    folder.mkdir()
    (folder / "PulumiPolicy.yaml").write_text("runtime: python\nversion: 1.0.0\n" + extra, encoding="utf-8")
    return folder


def test_our_packs_declare_their_analyze_stateless_and_so_are_batched():
    assert stateless_analyze(POLICIES) and stateless_analyze(bundled_pack_dir())
    specs, _ = resolve_packs(POLICIES.parent, [str(POLICIES)], [])
    assert [s.stateless_analyze for s in specs] == [True]


def test_a_pack_that_does_not_declare_it_is_not_batched_whatever_its_name(tmp_path):
    # The name our pack reports is no longer what batching hangs on: a copy without the key is one call at a time.
    pack = write_pack(tmp_path / "retail-ai-policies")
    specs, _ = resolve_packs(tmp_path, [str(pack)], [])
    assert [s.stateless_analyze for s in specs] == [False]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("retailAi: true\n", "retailAi must be a mapping (statelessAnalyze: true or false)"),
        (
            "retailAi:\n  statelessAnalyze: 'yes'\n",
            "retailAi.statelessAnalyze must be true or false, not 'yes'",
        ),
        ("retailAi:\n  stateless: true\n", "retailAi.stateless is not a key the preview reads"),
    ],
)
def test_a_bad_declaration_is_refused_naming_the_key(tmp_path, extra, message):
    pack = write_pack(tmp_path / "pack", extra)
    with pytest.raises(PreviewError, match=re.escape(message)) as raised:
        resolve_packs(tmp_path, [str(pack)], [])
    assert str(pack / "PulumiPolicy.yaml") in str(raised.value)


# --------------------------------------------------------------------------- the run ending first


class ClosingPack:
    """Like gRPC's client: a call on a closed channel raises ValueError. Its first Analyze waits until the run
    closes the pack, as when a program exits early or raises while a call is under way."""

    def __init__(self) -> None:
        self.calling = threading.Event()
        self.closed = threading.Event()

    def analyze_async(self, request: analyzer_pb2.AnalyzeRequest) -> Any:
        self.calling.set()
        self.closed.wait()
        raise ValueError("Cannot invoke RPC: Channel closed!")

    def close(self) -> None:
        self.closed.set()


def test_a_run_that_ends_while_a_call_is_under_way_leaves_no_exception_and_no_error(monkeypatch):
    uncaught: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: uncaught.append(args.exc_value))
    errors: list[PreviewError] = []
    run = pack_run(timeout=600, on_error=errors.append)
    pack = ClosingPack()
    run.process = pack  # type: ignore[assignment]
    run._boot = lambda: None  # type: ignore[method-assign]
    run.start()
    resource = RecordedResource(urn="urn:0", type="t", name="0", custom=True, inputs={})
    run.submit(resource, analyzer_pb2.AnalyzeRequest(urn=resource.urn, type="t"))
    pack.calling.wait()
    run.close()  # the program exited: the runner closes the pack while Analyze is under way
    run._thread.join()
    assert uncaught == []  # before: "Exception in thread pack policies: ValueError: Cannot invoke RPC"
    assert errors == [] and run.error is None


def test_closing_a_pack_while_it_connects_stops_it_at_once(tmp_path, monkeypatch):
    """A pack closed between printing its port and accepting the connection (the run ended early, under load)
    used to wait out the whole policy timeout for a connection nobody wanted any more."""
    from retail_ai_components.preview import pack_process

    folder = write_pack(tmp_path / "pack")
    python = tmp_path / "python"
    python.write_text("#!/bin/sh\necho 9\n", encoding="utf-8")  # a port where no pack listens
    python.chmod(0o755)
    connecting = threading.Event()
    ready_future = pack_process.grpc.channel_ready_future

    def observed(channel: Any) -> Any:
        future = ready_future(channel)
        connecting.set()
        return future

    monkeypatch.setattr(pack_process.grpc, "channel_ready_future", observed)
    process = pack_process.PolicyPackProcess(
        folder, project="p", stack="dev", config={}, timeout=600, python=str(python)
    )
    raised: list[BaseException] = []

    def start() -> None:
        try:
            process.start()
        except BaseException as exc:
            raised.append(exc)

    starting = threading.Thread(target=start)
    starting.start()
    connecting.wait()
    process.close()
    starting.join(timeout=120)  # far less than the 600 s it waited before
    assert not starting.is_alive()
    assert [str(e) for e in raised] == [f"the policy pack {folder} was closed while it started"]
