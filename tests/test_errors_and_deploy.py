"""The 500 page needs no database; production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from pages.views import server_error

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_the_500_page_renders_without_touching_the_database():
    # No database fixture: any query here raises and fails the test.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uclg_site.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "www.example.org",
        "DEBUG": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "uclg_site.settings.production", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
