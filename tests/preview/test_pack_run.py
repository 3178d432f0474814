"""How a run sends Analyze to a pack: one call at a time for any pack, in batches for ours, answers always
taken in registration order. The pack process is a stand-in that records what is in flight."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from pulumi.runtime.proto import analyzer_pb2

from retail_ai_components.preview import analyzer
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


def run_with(window: int, count: int) -> tuple[analyzer.PackRun, StandInPack]:
    run = analyzer.PackRun(
        POLICIES,
        config_file=None,
        origin="flag",
        python="python",
        version="",
        project="p",
        stack="dev",
        organization="organization",
        config={},
        timeout=10,
        on_error=lambda error: None,
    )
    pack = StandInPack()
    run.process = pack
    run._boot = lambda: setattr(run, "window", window)  # no pack process: only the window its info would set
    run.start()
    run.wait_ready()
    for i in range(count):
        resource = RecordedResource(urn=f"urn:{i}", type="t", name=str(i), custom=True, inputs={})
        run.submit(resource, analyzer_pb2.AnalyzeRequest(urn=resource.urn, type="t"))
    run._queue.put(None)
    run._thread.join(timeout=10)
    return run, pack


def test_a_pack_not_known_to_be_pure_gets_one_call_at_a_time():
    run, pack = run_with(window=1, count=50)
    assert pack.most_in_flight == 1
    assert run.analyzed == 50
    assert [v.message for v in run.violations] == [f"judged urn:{i}" for i in range(50)]


def test_our_pack_gets_batches_and_the_answers_stay_in_registration_order():
    run, pack = run_with(window=analyzer.ANALYZE_BATCH, count=200)
    assert 1 < pack.most_in_flight <= analyzer.ANALYZE_BATCH
    assert pack.sent == [f"urn:{i}" for i in range(200)]
    assert run.analyzed == 200
    assert [v.message for v in run.violations] == [f"judged urn:{i}" for i in range(200)]
