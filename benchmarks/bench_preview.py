"""Speed and memory of `retail-ai preview`, against Pulumi's own mock runtime as the floor (`make bench`).

For each size, the same synthetic program (a VPC, a vSwitch, a security group and a rule, repeated) runs
three ways, each in a fresh process tree, interleaved so a noisy machine hits all three alike:

* floor: Pulumi's own mock runtime (``MockMonitor`` + ``run_in_stack``, as ``pulumi-language-python-exec``
  runs a program) in one process: the cost of the Pulumi Python SDK itself;
* no pack: ``retail-ai preview --policy-pack none --json`` (the tool, the program out of process, Check);
* our pack: ``retail-ai preview --policy-pack policies --json`` (the same, judged by our pack as it goes).

Time is wall time of the whole command. Memory is the peak of the summed RSS of the command and every
process it started (sampled every 20 ms from /proc). Each figure is the best of ``--repeat`` runs.

Targets (issue 9): our pack <= 1.15x no pack at >= 2,000 resources; no pack <= 1.10x the floor; peak
memory <= 1.2x the floor's; time per resource flat from 1,000 to 10,000.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("retail-ai"))
PROGRAM = """
import pulumi
import pulumi_alicloud as alicloud

groups = int(pulumi.Config().require("groups"))
for i in range(groups):
    vpc = alicloud.vpc.Network(f"vpc-{i}", vpc_name=f"vpc-{i}", cidr_block="10.0.0.0/16")
    alicloud.vpc.Switch(
        f"vsw-{i}", vswitch_name=f"vsw-{i}", vpc_id=vpc.id, cidr_block="10.0.1.0/24", zone_id="cn-hangzhou-i"
    )
    group = alicloud.ecs.SecurityGroup(f"sg-{i}", security_group_name=f"sg-{i}", vpc_id=vpc.id)
    alicloud.ecs.SecurityGroupRule(
        f"rule-{i}",
        type="ingress",
        ip_protocol="tcp",
        port_range="443/443",
        cidr_ip="10.0.0.0/16",
        security_group_id=group.id,
    )
"""
# Pulumi's mock runtime, run the way the language host runs a program (the floor).
FLOOR = """
import asyncio, os, runpy, sys
import pulumi
from pulumi.runtime import mocks, settings
from pulumi.runtime.stack import run_in_stack

class Echo(pulumi.runtime.Mocks):
    def new_resource(self, args):
        return (f"{args.name}-id" if args.custom else ""), dict(args.inputs)
    def call(self, args):
        return {}

project_dir, groups = sys.argv[1], sys.argv[2]
os.chdir(project_dir)
pulumi.runtime.set_all_config({"bench:groups": groups, "alicloud:region": "cn-hangzhou"}, [])
monitor = mocks.MockMonitor(Echo())
settings.configure(mocks.MockSettings(
    monitor=monitor, monitor_features=set(monitor.GetDeploymentInfo(None).supportedFeatures),
    engine=mocks.MockEngine(None), project="bench", stack="bench", dry_run=True, organization="organization",
    callbacks=None, parallel=None, root_directory=project_dir, legacy_apply_enabled=None))
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(run_in_stack(lambda: runpy.run_path(".", run_name="__main__")))
print(len(monitor.resources) + 1)
"""


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
        except OSError:
            continue
        found.extend(int(c) for c in text.split())
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak summed RSS (MB) of the process tree, and stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        cwd=REPO,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            tree, todo = [], [process.pid]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo.extend(_children(pid))
            peak = max(peak, sum(_rss_kb(pid) for pid in tree))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return elapsed, peak / 1024, out.decode()


def project(root: Path, groups: int) -> Path:
    folder = root / f"groups-{groups}"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text("name: bench\nruntime: python\n")
    (folder / "__main__.py").write_text(PROGRAM)
    (folder / "Pulumi.bench.yaml").write_text(
        f"config:\n  alicloud:region: cn-hangzhou\n  bench:groups: '{groups}'\n"
    )
    return folder


def run_size(folder: Path, groups: int, repeat: int) -> dict[str, float]:
    preview = [CLI, "preview", "--cwd", str(folder), "--stack", "bench", "--json"]
    commands = {
        "floor": [sys.executable, "-c", FLOOR, str(folder), str(groups)],
        "none": [*preview, "--policy-pack", "none"],
        "pack": [*preview, "--policy-pack", str(REPO / "policies")],
    }
    best: dict[str, tuple[float, float]] = {}
    resources = 0
    for _ in range(repeat):
        for name, command in commands.items():
            seconds, peak, out = measure(command)
            if name == "none":
                resources = json.loads(out)["summary"]["resources"]
            old = best.get(name)
            best[name] = (min(seconds, old[0]) if old else seconds, min(peak, old[1]) if old else peak)
    figures = {"resources": float(resources)}
    for name, (seconds, peak) in best.items():
        figures[f"{name}_s"] = seconds
        figures[f"{name}_mb"] = peak
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="100,1000,2000,5000",
        help="resource counts, comma-separated (default 100,1000,2000,5000; add 10000 with --full)",
    )
    parser.add_argument("--full", action="store_true", help="also 10,000 resources (several minutes more)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per figure; the best is kept (default 2)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.full and 10_000 not in sizes:
        sizes.append(10_000)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            groups = max(size // 4, 1)
            figures = run_size(project(Path(tmp), groups), groups, args.repeat)
            rows.append(figures)
            print(f"measured {size} resources", file=sys.stderr, flush=True)

    header = (
        f"{'resources':>9} | {'floor s':>8} {'no pack s':>9} {'pack s':>8} | {'pack/none':>9} {'none/floor':>10} |"
        f" {'floor MB':>8} {'none MB':>8} {'pack MB':>8} {'pack MB/floor':>13} | {'pack ms/res':>11}"
    )
    print(header)
    print("-" * len(header))
    for f in rows:
        n = f["resources"]
        print(
            f"{n:>9.0f} | {f['floor_s']:>8.2f} {f['none_s']:>9.2f} {f['pack_s']:>8.2f} |"
            f" {f['pack_s'] / f['none_s']:>9.2f} {f['none_s'] / f['floor_s']:>10.2f} |"
            f" {f['floor_mb']:>8.0f} {f['none_mb']:>8.0f} {f['pack_mb']:>8.0f} {f['pack_mb'] / f['floor_mb']:>13.2f} |"
            f" {1000 * f['pack_s'] / n:>11.2f}"
        )
    print(
        "\nfloor: Pulumi's own mock runtime, one process; no pack / pack: `retail-ai preview` with"
        " `--policy-pack none` / our pack; MB: peak summed RSS of the command and all its processes;"
        f" best of {args.repeat} interleaved runs."
    )


if __name__ == "__main__":
    main()
