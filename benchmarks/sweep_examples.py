"""Every Python example of the installed pulumi_alicloud, through `retail-ai preview` (`make sweep`).

The programs people copy first are the ``Example Usage`` blocks of the provider's own docstrings. This
script extracts every ```python block under "Example Usage" from the installed SDK (read as source, nothing
imported), keeps each distinct program once, and previews each as its own project, the way a new user would:
``alicloud:region`` set in the stack config, the project's virtualenv the one running this script (so
pulumi-std and pulumi-random resolve as they would for the CLI), the bundled pack, no ``--data-sources``.

It prints how many were judged (exit 0 or 1) and, for the rest, why they stopped:

* the program's own error (NameError, SyntaxError, a ``random.Integer`` that pulumi-random lacks, ...):
  a real ``pulumi preview`` fails on these too; each must name the program's file and line;
* a provider Check refusal (a value the provider rejects);
* a data source refused (by data source);
* an invoke on the ID of a resource the same program creates (unknown in a real preview);
* anything else.

``--results FILE`` keeps one JSON line per program as it finishes (its id, where it came from, exit code,
cause, message), for comparing two runs and resuming a stopped one; programs run in id order, which is
unrelated to product, so a stopped sweep is a fair sample (``--summarize FILE`` prints its figures).
``--only ID,...`` or ``--subset FILE`` (one id a line) runs a chosen few; ``--cli`` another retail-ai.
The full sweep takes one to three hours on two shared cores; it is not part of ``make test``.
"""

from __future__ import annotations

import argparse
import ast
import collections
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

CLI = str(Path(sys.executable).with_name("retail-ai"))
REGION = "cn-hangzhou"
_FENCE = re.compile(r"```python\n(.*?)```", re.S)
# The next top-level section of a docstring ("## Import", ":param ...") ends "Example Usage";
# its "### Basic Usage" subsections do not.
_SECTION_END = re.compile(r"\n## (?!#)|\n:param ")
_DATA_SOURCE = re.compile(
    r"^data source (?P<function>\S+) \((?P<token>[^)]+)\) called with (?P<args>.*?) cannot"
)
_CHECK = re.compile(r"^\S+:\S+ \(urn:pulumi:[^)]*\): ")
_PROGRAM = re.compile(r"^the program (raised|failed|exited|called sys\.exit|was killed|did not finish)")
_AT_PROGRAM_LINE = re.compile(r" at (?:\S*/)?__main__\.py:\d+")
# A resource's placeholder ID (the monitor's placeholder-<module>-<type>-<name>): unknown in a real preview.
_RESOURCE_ID = re.compile(r"'placeholder-[^']*'")

CAUSES = (
    "program's own error",
    "provider Check refusal",
    "data source refused",
    "unknown-ID invoke",
    "other",
)


@dataclass(frozen=True)
class Example:
    id: str  # the first 12 hex digits of the program's SHA-256: stable across runs and SDK layouts
    origin: str  # the first docstring it was found in: "pulumi_alicloud/vpc/get_networks.py:get_networks"
    kind: str  # "resource" (a class's docstring) or "data source" (a function's)
    program: str


@dataclass
class Outcome:
    id: str
    origin: str
    kind: str
    exit: int
    cause: str  # "judged" or one of CAUSES
    detail: str  # the data source, the exception type, or the first words of the message
    message: str
    placeholders: int = 0  # data source answers that were placeholders (judged runs)


def sdk_root() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("pulumi_alicloud")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pulumi_alicloud is not installed in this interpreter")
    return Path(next(iter(spec.submodule_search_locations)))


def example_blocks(root: Path, files: Iterable[str] = ()) -> Iterator[tuple[str, str, str]]:
    """(origin, kind, program) for every ```python block under "Example Usage", in file order
    (only in ``files``, paths relative to the SDK's folder, when given)."""
    chosen = sorted(root / name for name in files) if files else sorted(root.rglob("*.py"))
    for path in chosen:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for top in tree.body:
            if not isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            # A resource's examples are in its class's __init__ overloads, a data source's in its function.
            nodes = [top, *top.body] if isinstance(top, ast.ClassDef) else [top]
            for node in nodes:
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    continue
                doc = ast.get_docstring(node, clean=True)
                if not doc or "## Example Usage" not in doc:
                    continue
                section = _SECTION_END.split(doc.split("## Example Usage", 1)[1])[0]
                kind = "resource" if isinstance(top, ast.ClassDef) else "data source"
                origin = f"{root.name}/{path.relative_to(root).as_posix()}:{top.name}"
                for block in _FENCE.finditer(section):
                    yield origin, kind, textwrap.dedent(block.group(1))


def distinct_examples(blocks: Iterable[tuple[str, str, str]]) -> tuple[int, list[Example]]:
    """The number of blocks, and each distinct program once (first origin wins)."""
    seen: dict[str, Example] = {}
    count = 0
    for origin, kind, program in blocks:
        count += 1
        text = program.strip() + "\n"
        key = hashlib.sha256(text.encode()).hexdigest()[:12]
        seen.setdefault(key, Example(key, origin, kind, text))
    return count, list(seen.values())


def classify(code: int, document: dict[str, object], stderr: str) -> tuple[str, str, str]:
    """(cause, detail, message) of one run's exit code and JSON document."""
    if code in (0, 1):
        return "judged", "", ""
    message = str(document.get("error") or stderr.strip().splitlines()[-1:] or "")
    if (found := _DATA_SOURCE.match(message)) is not None:
        if _RESOURCE_ID.search(found["args"]):
            return "unknown-ID invoke", found["function"], message
        return "data source refused", found["function"], message
    if _PROGRAM.match(message):
        if _RESOURCE_ID.search(message):
            # int() or a string operation on a created resource's ID, which a real preview leaves unknown
            return (
                "unknown-ID invoke",
                "the program computed with a created resource's placeholder ID",
                message,
            )
        kind = re.match(r"the program raised (\w+)", message)
        return "program's own error", kind[1] if kind else " ".join(message.split()[:4]), message
    if _CHECK.match(message) or message.endswith("(the provider rejects it)"):
        return "provider Check refusal", message.split(" ")[0], message
    return "other", " ".join(message.split()[:6]), message


def write_project(folder: Path, example: Example, virtualenv: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Pulumi.yaml").write_text(
        f"name: example-{example.id}\n"
        f"runtime:\n  name: python\n  options:\n    virtualenv: {json.dumps(virtualenv)}\n",
        encoding="utf-8",
    )
    (folder / "Pulumi.dev.yaml").write_text(f"config:\n  alicloud:region: {REGION}\n", encoding="utf-8")
    (folder / "__main__.py").write_text(example.program, encoding="utf-8")


def preview(example: Example, workdir: Path, virtualenv: str, timeout: float, cli: str = CLI) -> Outcome:
    folder = workdir / example.id
    write_project(folder, example, virtualenv)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALICLOUD_", "ALIBABA_CLOUD_"))}
    try:
        done = subprocess.run(
            [cli, "preview", "--cwd", str(folder), "--json"],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(example.id, example.origin, example.kind, -1, "other", "sweep timeout", "")
    try:
        document = json.loads(done.stdout)
    except ValueError:
        document = {}
    cause, detail, message = classify(done.returncode, document, done.stderr)
    if "Traceback (most recent call last)" in done.stderr:
        cause, detail = "other", "traceback on stderr without --debug"
    notes = document.get("notes") if isinstance(document.get("notes"), list) else []
    placeholders = sum(1 for note in notes if isinstance(note, str) and "PLACEHOLDER" in note)
    return Outcome(
        example.id, example.origin, example.kind, done.returncode, cause, detail, message, placeholders
    )


def run(
    examples: list[Example],
    workers: int,
    virtualenv: str,
    timeout: float,
    cli: str = CLI,
    results: Path | None = None,
) -> list[Outcome]:
    """Previews ``examples`` in id order (a fixed order unrelated to product), each outcome appended to
    ``results`` as it comes, so a sweep stopped early is still a sample and a second run can resume."""
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    ordered = sorted(examples, key=lambda example: example.id)
    with (
        tempfile.TemporaryDirectory(prefix="sweep-") as tmp,
        concurrent.futures.ThreadPoolExecutor(workers) as pool,
    ):
        futures = [pool.submit(preview, example, Path(tmp), virtualenv, timeout, cli) for example in ordered]
        for future in concurrent.futures.as_completed(futures):
            outcome = future.result()
            with lock:
                outcomes.append(outcome)
                if results is not None:
                    with results.open("a", encoding="utf-8") as out:
                        out.write(json.dumps(asdict(outcome), sort_keys=True) + "\n")
                if len(outcomes) % 50 == 0:
                    print(f"... {len(outcomes)}/{len(examples)}", file=sys.stderr, flush=True)
    return sorted(outcomes, key=lambda outcome: outcome.id)


def read_results(path: Path) -> list[Outcome]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Outcome(**json.loads(line)) for line in lines if line.strip()]


def summary(blocks: int, outcomes: list[Outcome]) -> str:
    total = len(outcomes)
    by_cause = collections.Counter(outcome.cause for outcome in outcomes)
    judged = [outcome for outcome in outcomes if outcome.cause == "judged"]
    passed = sum(outcome.exit == 0 for outcome in judged)
    kinds = collections.Counter(outcome.kind for outcome in outcomes)
    lines = [
        f"{blocks} example blocks, {total} distinct programs "
        f"({kinds['resource']} resource examples, {kinds['data source']} data source examples)",
        f"judged (exit 0 / exit 1): {len(judged)} ({passed} / {len(judged) - passed})",
    ]
    with_placeholders = sum(outcome.placeholders > 0 for outcome in judged)
    if with_placeholders:
        lines.append(f"  of which with at least one placeholder data source answer: {with_placeholders}")
    runnable = total - by_cause["program's own error"] - by_cause["provider Check refusal"]
    if runnable:
        lines.append(
            f"judged of those a real preview could run (not the program's own error nor a Check refusal): "
            f"{len(judged)}/{runnable} = {100 * len(judged) / runnable:.1f} %"
        )
    lines.append("stopped (exit 2), by cause:")
    for cause in CAUSES:
        lines.append(f"  {cause}: {by_cause[cause]}")
        details = collections.Counter(o.detail for o in outcomes if o.cause == cause)
        for detail, count in details.most_common(12 if cause != "other" else 20):
            lines.append(f"      {count:4d}  {detail}")
        if len(details) > 12:
            lines.append(f"      ... and {len(details) - 12} more")
    unplaced = [
        o for o in outcomes if o.cause == "program's own error" and not _AT_PROGRAM_LINE.search(o.message)
    ]
    if unplaced:
        lines.append(f"program errors that name no line of the program: {len(unplaced)}")
        lines.extend(f"      {o.id} {o.message[:160]}" for o in unplaced[:10])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--workers", type=int, default=2, help="previews at once (default 2)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per preview (default 300)")
    parser.add_argument(
        "--results",
        type=Path,
        help="append one JSON line per program here; programs already in it are skipped",
    )
    parser.add_argument(
        "--cli", default=CLI, help="the retail-ai command to run (default: beside this Python)"
    )
    parser.add_argument("--summarize", type=Path, metavar="RESULTS", help="only print the summary of RESULTS")
    parser.add_argument("--only", help="comma-separated example ids to run")
    parser.add_argument("--subset", type=Path, help="a file of example ids to run, one a line (# comments)")
    parser.add_argument("--list", action="store_true", help="print id, kind and origin of every example")
    parser.add_argument(
        "--virtualenv", default=sys.prefix, help="the projects' virtualenv (default: this interpreter's)"
    )
    args = parser.parse_args(argv)
    blocks, examples = distinct_examples(example_blocks(sdk_root()))
    if args.summarize:
        print(summary(blocks, read_results(args.summarize)))
        return 0
    if args.list:
        for example in examples:
            print(example.id, example.kind, example.origin, sep="\t")
        return 0
    wanted: set[str] = set()
    if args.only:
        wanted |= {part.strip() for part in args.only.split(",") if part.strip()}
    if args.subset:
        lines = args.subset.read_text(encoding="utf-8").splitlines()
        wanted |= {line.split("#")[0].split()[0] for line in lines if line.split("#")[0].strip()}
    if wanted:
        missing = wanted - {example.id for example in examples}
        if missing:
            raise SystemExit(f"no example with id {', '.join(sorted(missing))} in the installed SDK")
        examples = [example for example in examples if example.id in wanted]
    done = read_results(args.results) if args.results else []
    finished = {outcome.id for outcome in done}
    todo = [example for example in examples if example.id not in finished]
    outcomes = run(todo, args.workers, args.virtualenv, args.timeout, args.cli, args.results)
    print(summary(blocks, [o for o in done if o.id in {e.id for e in examples}] + outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
