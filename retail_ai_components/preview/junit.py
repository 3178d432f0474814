"""JUnit XML for CI test-report views (GitLab merge requests, Jenkins, Azure DevOps, GitHub test reporters).

One ``testsuite`` per policy pack. In it, one ``testcase`` per violation (classname ``<pack>.<policy>``, name
the resource): a mandatory violation is a ``failure`` carrying the message and the fix; an advisory or
remediated one passes with the finding in ``system-out`` (it does not fail the gate, so it must not fail the
report). A policy with no violation is one passing case, so the suite shows what was judged; an exemption is a
``skipped`` case with its reason. A run that could not be judged (exit 2) is one suite with an ``error`` case.
A finding's text names the program file and line that registered its resource, relative to the repository's
root (:mod:`.locations`).

The document is valid against the common JUnit schema that Jenkins' xUnit plugin validates with (its
``junit-10.xsd``: no ``skipped`` on ``<testsuites>``, no ``file`` on ``<testcase>``); GitLab and the GitHub
test reporters read that shape too.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from .locations import finding_place
from .report import NotApplicableView, Report, ViolationView
from .text import printable

SUITES_NAME = "retail-ai preview"


def _clean(text: str) -> str:
    # XML 1.0 cannot carry most control characters at all; printable() makes them visible escapes.
    return printable(text)


def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(
        suite, "testcase", {"classname": _clean(classname), "name": _clean(name), "time": "0"}
    )


def _violation_text(v: ViolationView, where: str) -> str:
    lines = [v.detail]
    if v.urn:
        lines.append(f"resource: {v.urn}")
    if where:
        lines.append(f"where: {where}")
    if v.remediation.strip():
        lines.append(f"fix: {v.remediation.strip()}")
    return _clean("\n".join(lines))


def to_junit(report: Report, *, root: Path, program_file: Path | None = None) -> ET.ElementTree[ET.Element]:
    """The JUnit report of a judged run; file paths relative to ``root`` (the repository's)."""
    root = root.resolve()
    suites = ET.Element("testsuites", {"name": _clean(f"{SUITES_NAME} {report.project}/{report.stack}")})
    names = {r.urn: r.name for r in report.resources}
    pack_names = [p.name for p in report.packs] or sorted({v.pack for v in report.violations})
    policies_by_pack: dict[str, list[str]] = {}
    for policy in report.policies():
        policies_by_pack.setdefault(policy.pack, []).append(policy.name)
    totals: Counter[str] = Counter()
    for pack in pack_names:
        suite = ET.SubElement(suites, "testsuite", {"name": _clean(pack)})
        props = ET.SubElement(suite, "properties")
        for key, value in (("project", report.project), ("stack", report.stack), ("region", report.region)):
            ET.SubElement(props, "property", {"name": key, "value": _clean(value)})
        counts: Counter[str] = Counter()
        violations = [v for v in report.violations if v.pack == pack]
        exempt: list[NotApplicableView] = [n for n in report.not_applicable if n.pack == pack]
        for v in violations:
            name = names.get(v.urn, v.urn) if v.urn else f"stack {report.stack}"
            case = _case(suite, f"{pack}.{v.policy}", f"{name} [{v.enforcement_level}]")
            where = finding_place(v.source, program_file, root)
            counts["tests"] += 1
            if v.enforcement_level == "mandatory":
                counts["failures"] += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    {
                        "message": _clean(v.detail.splitlines()[0] if v.detail else v.policy),
                        "type": "mandatory",
                    },
                )
                failure.text = _violation_text(v, where)
            else:
                out = ET.SubElement(case, "system-out")
                out.text = _clean(f"{v.enforcement_level}: ") + _violation_text(v, where)
        for n in exempt:
            name = names.get(n.urn, n.urn) if n.urn else f"stack {report.stack}"
            case = _case(suite, f"{pack}.{n.policy}", f"{name} [not applicable]")
            skipped = ET.SubElement(case, "skipped", {"message": _clean(n.reason)})
            where = finding_place(n.source, program_file, root)
            if where:
                skipped.text = _clean(f"where: {where}")
            counts["tests"] += 1
            counts["skipped"] += 1
        judged = {v.policy for v in violations} | {n.policy for n in exempt}
        for clean in sorted(set(policies_by_pack.get(pack, [])) - judged):
            _case(suite, f"{pack}.{clean}", "no violation")
            counts["tests"] += 1
        for key in ("tests", "failures", "errors", "skipped"):
            suite.set(key, str(counts[key]))
        suite.set("time", "0")
        totals.update(counts)
    for key in ("tests", "failures", "errors"):  # the schema has no skipped count on <testsuites>
        suites.set(key, str(totals[key]))
    suites.set("time", "0")
    ET.indent(suites)
    return ET.ElementTree(suites)


def failed_junit(message: str) -> ET.ElementTree[ET.Element]:
    """The report of a run that could not be judged: one errored case, so CI shows why."""
    suites = ET.Element(
        "testsuites", {"name": SUITES_NAME, "tests": "1", "failures": "0", "errors": "1", "time": "0"}
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        {"name": SUITES_NAME, "tests": "1", "failures": "0", "errors": "1", "skipped": "0", "time": "0"},
    )
    case = _case(suite, SUITES_NAME, "preview could be judged")
    error = ET.SubElement(case, "error", {"message": _clean(message), "type": "not judged"})
    error.text = _clean(message)
    ET.indent(suites)
    return ET.ElementTree(suites)


def junit_text(tree: ET.ElementTree[ET.Element]) -> str:
    return "<?xml version='1.0' encoding='utf-8'?>\n" + ET.tostring(tree.getroot(), encoding="unicode") + "\n"
