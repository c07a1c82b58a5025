"""Journeys through the merged features in Chromium, each done as a visitor or an editor
would: by clicking links, ticking boxes and pressing buttons."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

pytestmark = pytest.mark.browser


def test_visitor_subscribes_to_the_newsletter_and_confirms_by_email(desktop):
    page = desktop.page
    mail.outbox.clear()
    desktop.visit("/newsletters/subscribe/")
    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_label(re.compile("I agree to receive the UCLG ASPAC newsletter")).check()
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().strip() == "Check your inbox"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    link = re.search(r"https?://\S+/newsletters/subscribe/confirm/\S+/", message.body).group()
    desktop.visit(urlsplit(link).path)
    assert page.locator("h1").inner_text().strip() == "Subscription confirmed"
    assert page.get_by_role("status").is_visible()
