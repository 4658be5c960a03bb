"""JUnit XML for CI test dashboards: one testcase per draft, failed when it has findings.

Each finding is a line in the testcase's <failure> text; an unreadable draft is an <error>.
The trust score is a testcase property. No timestamps, so the output is reproducible.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from ..escape import terminal as one_line
from ..report import Report
from .paths import rel_posix
from .streaming import Spool, split

# Characters XML 1.0 forbids even escaped (control codes from a draft's text): shown as U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report, **_: Any) -> str:
    findings = sum(1 for fr in report.files if fr.findings)
    suites = ET.Element("testsuites", name="trustlint", tests=str(len(report.files) + len(report.errors)),
                        failures=str(findings), errors=str(len(report.errors)))
    suite = ET.SubElement(suites, "testsuite", name="trustlint",
                          tests=str(len(report.files) + len(report.errors)),
                          failures=str(findings), errors=str(len(report.errors)), skipped="0")
    for fr in report.files:
        suite.append(_case(fr))
    for e in report.errors:
        path = rel_posix(e.path)
        case = ET.SubElement(suite, "testcase", classname="trustlint", name=path, file=path)
        ET.SubElement(case, "error", type="read-error", message=e.message)
    ET.indent(suites)
    body = _NOT_XML.sub("\ufffd", ET.tostring(suites, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _case(fr: Any) -> ET.Element:
    path = rel_posix(fr.path)
    case = ET.Element("testcase", classname="trustlint", name=path, file=path)
    props = ET.SubElement(case, "properties")
    ET.SubElement(props, "property", name="trust", value=f"{fr.score.trust:.2f}")
    if fr.findings:
        text = "\n".join(one_line(f"{path}:{f.location.line}:{f.location.column}: {f.code} [{f.severity.label}] "
                                  f"{f.message} ({f.name}). Instead: {f.suggestion}") for f in fr.findings)
        failure = ET.SubElement(case, "failure", type="trustlint",
                                message=f"{len(fr.findings)} finding(s); trust {fr.score.trust:.2f}")
        failure.text = text
    return case


def stream(results: Any, write: Any, **_: Any) -> None:
    """render(), written file by file (trustlint.app.stream): test cases go to a spool until the
    counts for the header are known; the same text."""
    errors: list[Any] = []
    cases = Spool()
    files = failed = 0

    def put(case: ET.Element) -> None:
        ET.indent(case, level=2)
        cases.write("\n    " + _NOT_XML.sub("\ufffd", ET.tostring(case, encoding="unicode")))

    for fr in split(results, errors):
        files += 1
        failed += bool(fr.findings)
        put(_case(fr))
    for e in errors:
        path = rel_posix(e.path)
        case = ET.Element("testcase", classname="trustlint", name=path, file=path)
        ET.SubElement(case, "error", type="read-error", message=e.message)
        put(case)
    tests = str(files + len(errors))
    suites = ET.Element("testsuites", name="trustlint", tests=tests, failures=str(failed), errors=str(len(errors)))
    ET.SubElement(suites, "testsuite", name="trustlint", tests=tests, failures=str(failed),
                  errors=str(len(errors)), skipped="0")
    ET.indent(suites)
    head = _NOT_XML.sub("\ufffd", ET.tostring(suites, encoding="unicode"))
    write('<?xml version="1.0" encoding="UTF-8"?>\n')
    if cases.empty:
        write(head + "\n")
        return
    opening, _, _ = head.rpartition(" />")  # '<testsuites ...>\n  <testsuite ...'
    write(opening + ">")
    cases.copy_to(write)
    write("\n  </testsuite>\n</testsuites>\n")
