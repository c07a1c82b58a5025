"""Anonymous GETs of public pages can be cached: no CSRF token, no cookie."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/capacity-building/", "/policy-research/", "/about-us/", "/privacy-notice/", "/search/?q=city"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_anonymous_public_pages_carry_no_csrf_token_and_set_no_cookie(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
