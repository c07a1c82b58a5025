"""A request body that cannot be decoded is the client's mistake: a 400 in the site's
layout, never a 500."""

import pytest
from django.test import Client

UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"


def _post_with_undecodable_charset(path):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    return client.post(path, data=b"email=a%40b.org&csrfmiddlewaretoken=" + b"a" * 32, content_type=UTF16_FORM)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/newsletters/subscribe/"])
def test_a_post_in_an_undecodable_charset_is_a_400_in_the_site_layout(path):
    response = _post_with_undecodable_charset(path)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Bad request" in body
    assert 'class="site-header' in body and "site-footer" in body
