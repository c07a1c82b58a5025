"""The demo loader builds the site from the repository's data file, and again without duplicates."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from pages.models import HomePage, SiteDocument, SiteImage, SiteSettings

pytestmark = pytest.mark.django_db


def _counts():
    return Page.objects.count(), SiteImage.objects.count(), SiteDocument.objects.count(), Site.objects.count()


def test_loading_twice_creates_no_duplicates():
    before = _counts()
    call_command("load_demo_content", verbosity=0)
    assert _counts() == before


def test_demo_site_is_rooted_at_the_home_page():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    settings = SiteSettings.for_site(site)
    assert settings.organisation_short_name == "UCLG ASPAC"
    assert settings.privacy_page.slug == "privacy-notice"


def test_if_empty_leaves_an_existing_site_alone(capsys):
    home = HomePage.objects.get(locale__language_code="en")
    home.mission_statement = "Edited by staff"
    home.save_revision().publish()
    call_command("load_demo_content", "--if-empty")
    assert "already has content" in capsys.readouterr().out
    assert HomePage.objects.get(locale__language_code="en").mission_statement == "Edited by staff"
