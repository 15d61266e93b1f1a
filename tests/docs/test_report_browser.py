"""``infergen report`` in real headless Chromium: the page loads cleanly and shows every model."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.report import summarize
from generator.report.html import render
from tests.conftest import REPO, base_catalog

NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM = next((p for p in (shutil.which(n) for n in NAMES) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/setup installs it)")


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage", f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr",
               "--v=0", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


class Dom(HTMLParser):
    """Rows of the models table, namespace rows, external references and the JS marker."""

    def __init__(self) -> None:
        super().__init__()
        self.models: list[str] = []
        self.namespaces: list[str] = []
        self.external: list[str] = []
        self.js_ready = False
        self.svg_rects = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html" and a.get("data-js") == "ready":
            self.js_ready = True
        if tag == "tr" and a.get("data-model"):
            self.models.append(a["data-model"] or "")
        if tag == "tr" and a.get("data-namespace"):
            self.namespaces.append(a["data-namespace"] or "")
        if tag == "rect":
            self.svg_rects += 1
        for key in ("src", "href"):
            if a.get(key) and not (a[key] or "").startswith(("#", "data:")):
                self.external.append(a[key] or "")


def console_errors(stderr: str) -> list[str]:
    """Chromium's log lines for page console messages and uncaught errors."""
    return [line for line in stderr.splitlines()
            if ":CONSOLE" in line or "Uncaught" in line or "Refused to" in line]


def load(tmp_path: Path, page: str) -> tuple[Dom, subprocess.CompletedProcess[str]]:
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    proc = chromium(tmp_path, "--dump-dom", path.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = Dom()
    dom.feed(proc.stdout)
    return dom, proc


def test_example_catalog_report_in_chromium(tmp_path: Path):
    catalog = load_catalog(REPO / "catalog.yaml")
    dom, proc = load(tmp_path, render(summarize(catalog)))
    assert console_errors(proc.stderr) == []
    assert dom.js_ready, "the inline script did not run"
    assert dom.models == [m.name for m in catalog.models]
    assert set(dom.namespaces) == {m.namespace for m in catalog.models} | {"all namespaces"}
    assert dom.external == []
    assert dom.svg_rects == 4 * len({m.namespace for m in catalog.models})  # 2 charts x (min, max)


def test_hostile_names_are_escaped(tmp_path: Path, write_catalog):
    # Schema-valid strings that would break out of HTML if not escaped.
    ingress = {"host": "api.example.com", "path": "/<script>alert(1)</script>"}
    path = write_catalog(base_catalog(ingress=ingress, labels={"team": "a-b"}))
    page = render(summarize(load_catalog(path)))
    assert "<script>alert(1)" not in page
    dom, proc = load(tmp_path, page)
    assert console_errors(proc.stderr) == []
    assert dom.models == ["demo"]
    assert "/&lt;script&gt;alert(1)&lt;/script&gt;" in proc.stdout


def test_screenshot_renders(tmp_path: Path):
    page = render(summarize(load_catalog(REPO / "catalog.yaml")))
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    shot = tmp_path / "report.png"
    url = (tmp_path / "report.html").as_uri()
    proc = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1400,1000", url)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank image
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_harness_sees_console_errors(tmp_path: Path):
    page = "<!DOCTYPE html><html><body><script>undefinedFunction()</script></body></html>"
    _dom, proc = load(tmp_path, page)
    assert any("undefinedFunction" in line for line in console_errors(proc.stderr))
