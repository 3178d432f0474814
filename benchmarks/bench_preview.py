"""Speed and memory of the offline preview, with printed figures (run with `make bench`).

Each scenario runs in a fresh process, so peak memory is that scenario's alone:
* program: the Pulumi program under the mock runtime (registrations recorded);
* analysis: the policy pack started as the engine starts it, then Remediate + Analyze per
  resource and one AnalyzeStack, over gRPC. The pack's own peak memory is reported apart.

Scenarios: the reference prod stack, and synthetic stacks of 1, 10 and 100 Network components.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SYNTHETIC_MAIN = """
import pulumi
from retail_ai_components import Network

count = int(pulumi.Config().require("networks"))
for i in range(count):
    Network(f"net-{i:03d}", {"zone_ids": ["cn-hangzhou-i", "cn-hangzhou-j"]})
"""


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # ru_maxrss is KiB on Linux


def _process_peak_mb(pid: int | None) -> float:
    """VmHWM of a live process. (A forked child's ru_maxrss counts the parent's pages, so it lies.)"""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(project_dir: Path, stack: str) -> dict[str, float]:
    """Runs inside the child process: one scenario, figures as JSON on stdout."""
    sys.path.insert(0, str(REPO))
    from retail_ai_components.preview.analyzer import PolicyPackProcess
    from retail_ai_components.preview.project import load_project, load_stack_config
    from retail_ai_components.preview.recorder import run_program
    from retail_ai_components.preview.runner import PreviewResult, evaluate_policies

    project = load_project(project_dir)
    config = load_stack_config(project, stack)
    started = time.perf_counter()
    run = run_program(project, stack, config)
    program_s = time.perf_counter() - started
    program_peak = _peak_mb(resource.RUSAGE_SELF)

    result = PreviewResult(run=run, region=config.values.get("alicloud:region", ""))
    started = time.perf_counter()
    with PolicyPackProcess(
        REPO / "policies", project=project.name, stack=stack, config=config.values
    ) as pack:
        pack_start_s = time.perf_counter() - started
        evaluate_policies(
            pack, run, result, {}, lambda _: None, project.name, stack, "organization", config.values
        )
        pack_peak = _process_peak_mb(pack.pid)
    analysis_s = time.perf_counter() - started
    return {
        "resources": len(run.resources),
        "program_s": program_s,
        "program_peak_mb": program_peak,
        "pack_start_s": pack_start_s,
        "analysis_s": analysis_s,
        "runner_peak_mb": _peak_mb(resource.RUSAGE_SELF),
        "pack_peak_mb": pack_peak,
        "mandatory": result.mandatory,
        "advisory": result.advisory,
    }


def synthetic_project(root: Path, networks: int) -> Path:
    project = root / f"networks-{networks}"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: bench\nruntime: python\n")
    (project / "__main__.py").write_text(SYNTHETIC_MAIN)
    (project / "Pulumi.bench.yaml").write_text(
        f"config:\n  alicloud:region: cn-hangzhou\n  bench:networks: '{networks}'\n"
    )
    return project


def run_scenario(project: Path, stack: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--one", str(project), stack], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"scenario {project} failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", nargs=2, metavar=("PROJECT", "STACK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(Path(args.one[0]), args.one[1])))
        return

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        scenarios = [("reference prod stack", REPO, "prod")]
        scenarios += [
            (f"{n} Network component{'s' * (n > 1)}", synthetic_project(Path(tmp), n), "bench")
            for n in (1, 10, 100)
        ]
        for label, project, stack in scenarios:
            figures = run_scenario(project, stack)
            rows.append((label, figures))
            print(f"measured {label}", file=sys.stderr)

    header = (
        f"{'scenario':<26}{'resources':>10}{'program s':>11}{'ms/res':>8}{'peak MB':>9}"
        f"{'analysis s':>12}{'ms/res':>8}{'pack MB':>9}{'mand.':>7}"
    )
    print(header)
    print("-" * len(header))
    for label, f in rows:
        n = f["resources"]
        print(
            f"{label:<26}{n:>10.0f}{f['program_s']:>11.2f}{1000 * f['program_s'] / n:>8.2f}{f['program_peak_mb']:>9.0f}"
            f"{f['analysis_s']:>12.2f}{1000 * f['analysis_s'] / n:>8.2f}{f['pack_peak_mb']:>9.0f}{f['mandatory']:>7.0f}"
        )
    print(
        "\nprogram: the Pulumi program under mocks; analysis: pack start + Remediate/Analyze per resource + "
        "AnalyzeStack over gRPC (pack start alone: "
        + ", ".join(f"{f['pack_start_s']:.2f} s" for _, f in rows)
        + "); peak MB: the runner's peak RSS after the program; pack MB: the policy pack process's peak RSS."
    )


if __name__ == "__main__":
    main()
