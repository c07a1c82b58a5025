"""Shared fixtures for the browser tests: Chromium through Playwright against the live test
server with the demo site, and the checks every page type must pass (axe-core, page
weight, no other host, lazy images, reflow without horizontal scrolling, a screenshot).

pytest-django's `live_server` runs in a transactional database that is emptied after each
test, so the demo site is rebuilt when a test finds it missing. Each journey is one test
that visits several pages, which keeps rebuilds few."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.builders import ensure_demo_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
MAX_PAGE_WEIGHT = 100 * 1024
# Responses that count towards page weight: the page, its styles and scripts, not images.
WEIGHED_RESOURCE_TYPES = {"document", "stylesheet", "script"}
BLOCKING_IMPACTS = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item):
    """Playwright's sync API keeps an event loop running in the test thread, and Django
    refuses database access from such a thread unless told it is safe, which it is in
    tests. The flag covers each browser test from setup to the database flush after it,
    and no other test: the deployment check refuses it."""
    if item.get_closest_marker("browser") is None:
        return (yield)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        return (yield)
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.exists() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"Browser test screenshots: {SCREENSHOTS}")


@pytest.fixture(scope="session")
def browser():
    # `make test` and CI install Chromium first; this only guards a machine without it.
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_site(live_server):
    ensure_demo_site()
    return live_server


class NetworkLog:
    """Every response the browser received since the last `clear()`."""

    def __init__(self, page):
        self.responses = []
        page.on("response", self._record)

    def _record(self, response):
        self.responses.append(response)

    def clear(self):
        self.responses.clear()

    def text_weight(self, page):
        """Bytes of the page's HTML, styles and scripts. Styles and scripts are fetched again
        because a response served from the browser cache has no body to measure."""
        total = 0
        for response in self.responses:
            kind = response.request.resource_type
            if kind == "document" and response.status < 300:
                total += len(response.body())
            elif kind in WEIGHED_RESOURCE_TYPES - {"document"}:
                total += len(page.request.get(response.url).body())
        return total

    def hosts(self):
        return {urlsplit(response.url).netloc for response in self.responses}


class BrowserPage:
    """A browser tab on the test server, with its network log."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.network = NetworkLog(page)

    def visit(self, path):
        self.network.clear()
        response = self.page.goto(self.base_url + path, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return response


def _open(browser, demo_site, viewport):
    context = browser.new_context(viewport=viewport, base_url=demo_site.url)
    page = context.new_page()
    yield BrowserPage(page, demo_site.url)
    context.close()


@pytest.fixture
def desktop(browser, demo_site):
    yield from _open(browser, demo_site, DESKTOP)


@pytest.fixture
def phone(browser, demo_site):
    yield from _open(browser, demo_site, PHONE)


def axe_violations(page):
    """Serious and critical axe-core violations, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]


def image_problems(page):
    """Images without width and height, and images below the fold that load eagerly."""
    images = page.evaluate(
        """() => Array.from(document.images).map((img) => ({
            src: img.currentSrc || img.src,
            top: img.getBoundingClientRect().top + window.scrollY,
            loading: img.getAttribute("loading"),
            width: img.getAttribute("width"),
            height: img.getAttribute("height"),
        }))"""
    )
    fold = page.viewport_size["height"]
    problems = []
    for image in images:
        if not (image["width"] and image["height"]):
            problems.append(f"{image['src']}: no width and height")
        if image["top"] >= fold and image["loading"] != "lazy":
            problems.append(f"{image['src']}: below the fold but not loading=lazy")
    return problems


def overflows_horizontally(page):
    """Content wider than the viewport: at 360 px this is the reflow that 400 % zoom needs."""
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


def audit(browser_page, name):
    """Run every page-level check on the page just visited, save its screenshot and return
    a report; a non-empty `problems` list means the page fails."""
    page = browser_page.page
    weight = browser_page.network.text_weight(page)
    own_host = urlsplit(browser_page.base_url).netloc
    foreign = sorted(host for host in browser_page.network.hosts() if host != own_host)
    violations = axe_violations(page)
    problems = [f"axe: {line}" for line in violations] + image_problems(page)
    if weight >= MAX_PAGE_WEIGHT:
        problems.append(f"HTML+CSS+JS weighs {weight} bytes (limit {MAX_PAGE_WEIGHT})")
    if overflows_horizontally(page):
        problems.append("content is wider than the viewport (horizontal scrolling)")
    if foreign:
        problems.append(f"requests to other hosts: {', '.join(foreign)}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(screenshot), full_page=True)
    return {"name": name, "weight": weight, "axe": len(violations), "problems": problems, "screenshot": screenshot}


def format_reports(reports):
    return "\n".join(
        f"{report['name']:<24} {report['weight'] / 1024:6.1f} KB  serious/critical axe violations: {report['axe']}"
        + "".join(f"\n    - {problem}" for problem in report["problems"])
        for report in reports
    )
