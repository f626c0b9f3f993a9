"""Helpers for the browser tests: where the tools live, the Nu Html Checker in one JVM run, readable reports."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# vnu message types that make a document invalid ("info" messages, including warnings, do not).
VNU_FAILING_TYPES = {"error", "non-document-error"}


def tool_missing(message: str) -> None:
    """Skip the test for a missing tool, but fail it under CI=true, where every check must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} [CI=true: not skipped, a missing tool fails the run]", pytrace=False)
    pytest.skip(message)


def our_pages() -> list[tuple[str, int]]:
    """Every page of our own templates as (path, expected status): the one per body comes from the dataset."""
    from tests.factories import REGULATIONS, dataset_records

    BODIES, DOCUMENTS = dataset_records("body", first_only=True), dataset_records("document", first_only=True)
    PEOPLE, STATES = dataset_records("person", first_only=True), dataset_records("state", first_only=True)

    return [
        ("/", 200),
        ("/bodies/", 200),
        *((f"/bodies/{body['slug']}/", 200) for body in BODIES),
        ("/bodies/no-such-body/", 404),
        ("/bodies/?as_of=2022-06-01", 200),
        ("/bodies/chart/", 200),
        ("/bodies/chart/?as_of=2022-06-01", 200),
        ("/bodies/military-committee/?as_of=2022-06-01", 200),
        ("/bodies/military-committee/?as_of=2022-13-45", 400),
        # The dated banner on every kind of page (issue 19): pages that show the past, and those that cannot.
        ("/?as_of=2022", 200),
        ("/bodies/?as_of=2022-06", 200),
        ("/states/armenia/?as_of=2021-12-08", 200),
        ("/people/valery-gerasimov/?as_of=2021-12-08", 200),
        ("/people/valery-gerasimov/?as_of=banana", 400),
        ("/documents/?as_of=2022", 200),
        ("/documents/?as_of=banana", 200),
        ("/states/", 200),
        ("/states/?as_of=2000", 200),  # members and former members apart
        *((f"/states/{slug}/", 200) for slug in (state["slug"] for state in STATES)),
        ("/people/", 200),
        *((f"/people/{person['slug']}/", 200) for person in PEOPLE),
        ("/documents/", 200),
        *((f"/documents/{document['slug']}/", 200) for document in DOCUMENTS),
        (f"/documents/{REGULATIONS}/clauses/15/", 200),
        ("/meetings/", 200),
        ("/meetings/?body=military-committee&year=2021&format=videoconference", 200),
        ("/meetings/?year=abc", 400),
        ("/meetings/military-committee-2021-12-08-videoconference/", 200),
        ("/search/?q=committee", 200),
        ("/search/?q=", 200),
        ("/search/?q=%21%21%21", 400),
        ("/search/?q=Military+Council&go=0&kind=body", 200),
        ("/sources/", 200),
        ("/sources/?q=tass", 200),
        ("/sources/999999/", 404),
        ("/maintenance/", 200),
        # Cite this page (issue 15), for each kind of record page.
        ("/bodies/military-committee/cite-this/", 200),
        ("/states/armenia/cite-this/", 200),
        ("/people/valery-gerasimov/cite-this/", 200),
        (f"/documents/{REGULATIONS}/cite-this/", 200),
        ("/meetings/military-committee-2021-12-08-videoconference/cite-this/", 200),
        # Russian (issue 17): a few page types, in the one pass the others take (lang, hreflang, switcher).
        ("/ru/", 200),
        ("/ru/bodies/military-committee/?as_of=2022-06-01", 200),
        ("/ru/search/?q=committee", 200),
        ("/ru/bodies/no-such-body/", 404),
    ]


def find_java() -> str | None:
    return shutil.which("java")


class HtmlChecker:
    """The Nu Html Checker, run once over many documents because the JVM takes seconds to start."""

    def __init__(self, java: str, jar: Path) -> None:
        self.java = java
        self.jar = jar
        # path -> (status, HTML as served, vnu messages); filled by the first test that needs it.
        self.results: dict[str, tuple[int, str, list[dict]]] = {}

    def validate(self, documents: dict[str, str]) -> dict[str, list[dict]]:
        """Validate {name: html} in one vnu run; returns {name: messages}."""
        with tempfile.TemporaryDirectory(prefix="vnu-") as tmp:
            files: dict[str, str] = {}
            for index, (name, html) in enumerate(documents.items()):
                path = Path(tmp) / f"page-{index:03d}.html"
                path.write_text(html, encoding="utf-8")
                files[path.name] = name
            completed = subprocess.run(
                [
                    self.java,
                    # One short run: the C1 compiler alone starts and finishes it about twice as fast as the
                    # default tiered JIT (same messages). C1 code needs more stack for vnu's schema evaluation
                    # than the default thread stack (StackOverflowError), hence the larger -Xss.
                    "-XX:TieredStopAtLevel=1",
                    "-Xss8m",
                    "-jar",
                    str(self.jar),
                    "--format",
                    "json",
                    "--exit-zero-always",
                    *(str(Path(tmp) / filename) for filename in files),
                ],
                capture_output=True,
                text=True,
                timeout=240,
                check=False,
            )
        try:
            report = json.loads(completed.stderr or completed.stdout)
        except json.JSONDecodeError as error:
            raise RuntimeError(
                f"vnu gave no JSON report (exit {completed.returncode}):\n{completed.stderr}\n{completed.stdout}"
            ) from error
        messages: dict[str, list[dict]] = {name: [] for name in documents}
        for message in report.get("messages", []):
            filename = Path(urlparse(message.get("url", "")).path).name
            if filename not in files:
                raise RuntimeError(f"vnu message for no document we sent: {message}")
            messages[files[filename]].append(message)
        return messages


def format_vnu_messages(messages: list[dict], html: str = "") -> str:
    """vnu messages one per block: type, position, text, vnu's extract and the served source line."""
    source_lines = html.splitlines()
    lines = []
    for message in messages:
        kind = message.get("type", "?")
        if message.get("subType"):
            kind = f"{kind}/{message['subType']}"
        line = message.get("lastLine", message.get("firstLine"))
        column = message.get("firstColumn", message.get("lastColumn", "?"))
        lines.append(f"  [{kind}] line {line}, column {column}: {message.get('message', '')}")
        if message.get("extract"):
            lines.append(f"      extract: {message['extract']!r}")
        if isinstance(line, int) and 0 < line <= len(source_lines):
            lines.append(f"      source:  {source_lines[line - 1].strip()[:200]}")
    return "\n".join(lines)


def format_axe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"      {violation.get('helpUrl', '')}")
        for node in violation.get("nodes", []):
            lines.append(f"      target: {node.get('target')}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"        {summary}")
    return "\n".join(lines)
