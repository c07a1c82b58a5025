"""Security headers, the strict CSP, the admin lockout, safe document serving and uploads,
the health check, and malformed requests that must never answer 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings, strategies

from pages.demo.media import placeholder_pdf
from pages.models import SiteDocument

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/capacity-building/", "/about-us/", "/search/", "/sitemap.xml"]


def _document(filename, content, content_type):
    document = SiteDocument(title=filename)
    document.file = SimpleUploadedFile(filename, content, content_type=content_type)
    document.save()
    return document


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_send_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", ["/", "/about-us/", "/search/?q=city"])
def test_public_pages_have_a_strict_content_security_policy(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html


def test_the_admin_is_outside_the_strict_policy_but_keeps_the_other_headers(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_editors_still_get_the_wagtail_user_bar_under_the_policy(admin_client):
    response = admin_client.get("/about-us/")
    html = response.content.decode()
    assert "wagtail-userbar" in html
    # The user bar loads its script and stylesheet from this host, which the policy allows.
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_pdfs_open_in_the_browser_and_other_documents_download(client):
    pdf = placeholder_pdf("Annual report", ["A year of cities."], 1, "annual-report.pdf")
    spreadsheet = _document("members.csv", b"name,city\nA,B\n", "text/csv")
    pdf_response = client.get(pdf.url)
    csv_response = client.get(spreadsheet.url)
    assert pdf_response["Content-Disposition"].startswith("inline")
    assert csv_response["Content-Disposition"].startswith("attachment")
    for response in (pdf_response, csv_response):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.parametrize(
    ("filename", "content", "content_type"),
    [
        ("page.html", b"<script>alert(1)</script>", "text/html"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "image/svg+xml"),
        ("run.js", b"alert(1)", "text/javascript"),
    ],
)
def test_html_svg_and_script_uploads_are_refused(admin_client, filename, content, content_type):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": filename, "file": SimpleUploadedFile(filename, content, content_type), "collection": 1},
    )
    assert response.status_code == 200
    assert "is not allowed" in response.content.decode()
    assert not SiteDocument.objects.filter(title=filename).exists()


def test_svg_images_are_refused(admin_client):
    svg = b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'></svg>"
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Logo", "file": SimpleUploadedFile("logo.svg", svg, "image/svg+xml"), "collection": 1},
    )
    assert response.status_code == 200
    assert "Not a supported image format" in response.content.decode()


def test_oversized_documents_are_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Big", "file": SimpleUploadedFile("big.txt", b"x" * 4096, "text/plain"), "collection": 1},
    )
    assert response.status_code == 200
    assert not SiteDocument.objects.filter(title="Big").exists()


@pytest.fixture
def lockout_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1


def _login(client, password, forwarded_for):
    return client.post(
        "/admin/login/",
        {"username": "editor-admin", "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.usefixtures("lockout_on")
def test_repeated_admin_login_failures_lock_the_address_out(client, admin_user):
    for _ in range(2):
        assert _login(client, "wrong password", "203.0.113.7").status_code == 200
    assert _login(client, "wrong password", "203.0.113.7").status_code == 429
    assert _login(client, "x" * 16, "203.0.113.7").status_code == 429


@pytest.mark.usefixtures("lockout_on")
def test_a_forged_forwarded_for_header_cannot_escape_the_lockout(client, admin_user):
    # The proxy appends the real address; the client controls only what comes before it.
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        _login(client, "wrong password", f"{forged}, 203.0.113.7")
    assert _login(client, "x" * 16, "4.4.4.4, 203.0.113.7").status_code == 429
    # Another visitor behind the same proxy is not locked out.
    assert _login(client, "x" * 16, "198.51.100.9").status_code == 302


def _login_as(client, username, password, address):
    client.logout()
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.fixture
def real_lockout(settings):
    """The production limits: 5 per account and address, 20 per address."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_ADDRESS_FAILURE_LIMIT = 20
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.usefixtures("real_lockout")
def test_logging_in_to_another_account_does_not_reset_the_lockout(client, admin_user, django_user_model):
    django_user_model.objects.create_user("visitor", "visitor@example.org", "visitor-password-1")
    guesses = 0
    for _round in range(3):
        for _ in range(4):
            _login_as(client, "editor-admin", "wrong password", "203.0.113.7")
            guesses += 1
        _login_as(client, "visitor", "visitor-password-1", "203.0.113.7")
    assert guesses == 12
    response = _login_as(client, "editor-admin", "x" * 16, "203.0.113.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The account itself is not locked everywhere: its owner elsewhere still gets in.
    assert _login_as(client, "editor-admin", "x" * 16, "198.51.100.9").status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


@pytest.mark.usefixtures("real_lockout")
def test_one_guess_at_each_of_many_accounts_locks_the_address(client, admin_user):
    for number in range(20):
        _login_as(client, f"guess-{number}", "wrong password", "203.0.113.8")
    assert _login_as(client, "editor-admin", "x" * 16, "203.0.113.8").status_code == 429
    assert _login_as(client, "editor-admin", "x" * 16, "198.51.100.10").status_code == 302


@pytest.mark.usefixtures("real_lockout")
def test_the_owner_logging_in_clears_their_own_failures(client, admin_user):
    for _round in range(3):
        for _ in range(4):
            assert _login_as(client, "editor-admin", "wrong password", "203.0.113.9").status_code == 200
        assert _login_as(client, "editor-admin", "x" * 16, "203.0.113.9").status_code == 302


def _ask_for_a_reset(client, email, address):
    return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=address)


def test_password_reset_emails_to_one_account_are_limited(client, admin_user, mailoutbox):
    answers = {_ask_for_a_reset(client, admin_user.email, f"203.0.113.{n}")["Location"] for n in range(1, 7)}
    assert answers == {"/admin/password_reset/done/"}
    assert len(mailoutbox) == 3
    assert all(message.to == [admin_user.email] for message in mailoutbox)


def test_password_reset_requests_from_one_address_are_limited(client, django_user_model, mailoutbox):
    emails = [f"staff{n}@example.org" for n in range(8)]
    for email in emails:
        django_user_model.objects.create_user(email.split("@")[0], email, "password-" + email)
    responses = [_ask_for_a_reset(client, email, "203.0.113.50") for email in emails]
    # Past the limit the answer is the same as for an unknown address: nothing to enumerate.
    unknown = _ask_for_a_reset(client, "nobody@example.org", "203.0.113.51")
    assert {(r.status_code, r["Location"]) for r in [*responses, unknown]} == {(302, "/admin/password_reset/done/")}
    assert len(mailoutbox) == 5
    # Another address is not affected.
    _ask_for_a_reset(client, emails[-1], "198.51.100.20")
    assert len(mailoutbox) == 6 and mailoutbox[-1].to == [emails[-1]]


def test_health_reports_database_and_cache(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_reports_a_database_outage_with_503(client, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_a_database_outage_answers_with_the_friendly_503_page(client, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/about-us/")
    assert response.status_code == 503
    assert "briefly unavailable" in response.content.decode()
    assert "Traceback" not in response.content.decode()


malformed_values = strategies.one_of(
    strategies.text(max_size=40),
    strategies.just("\x00"),
    strategies.just("a\x00b"),
    strategies.just("x" * 10_000),
    strategies.just("%"),
    strategies.just("%ZZ"),
    strategies.just("-1"),
    strategies.just("99999999999999999999999"),
    strategies.just("../../etc/passwd"),
    strategies.just("<script>"),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    url=strategies.sampled_from(PUBLIC_URLS + ["/documents/1/x.pdf", "/no-such-page/"]),
    name=strategies.sampled_from(["q", "page", "query", "category", "sort", "year", "\x00"]),
    value=malformed_values,
)
def test_malformed_parameters_never_cause_a_server_error(client, url, name, value):
    response = client.get(url, {name: value})
    assert response.status_code in (200, 301, 302, 400, 404)


@pytest.mark.parametrize("path", ["/about-us/%00/", "/%00", "/search/?q=%00", "/?page=%00", "/" + "a" * 5000 + "/"])
def test_nul_bytes_and_long_paths_in_urls_never_cause_a_server_error(client, path):
    assert client.get(path).status_code in (200, 301, 302, 400, 404)
