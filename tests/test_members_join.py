"""Applying for membership through the join form on the Be a Member page."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from members import forms as member_forms
from members.emails import header_safe
from members.models import (
    CorrespondenceLanguage,
    InterestArea,
    MembershipApplication,
    MembershipCategory,
    MembershipSettings,
)
from tests.builders_members import (
    JOIN_URL,
    application_data,
    association_category,
    local_government_category,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def _post(client, **overrides):
    return client.post(JOIN_URL, application_data(client, **overrides))


def test_the_home_page_links_to_the_membership_page(client):
    html = client.get("/").content.decode()
    assert 'href="/be-a-member/"' in html


def test_the_membership_page_explains_fees_and_links_the_privacy_notice(client):
    response = client.get(JOIN_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "knowledge management hub" in html
    assert "Indicative annual fees" in html
    assert re.search(r'<label for="id_consent">[^<]*<a href="/privacy-notice/">privacy notice</a>', html)
    assert 'enctype="multipart/form-data"' in html
    assert "Individual honorary member" not in html


def test_a_valid_application_is_stored_acknowledged_and_notified(client):
    response = _post(client)
    assert response.status_code == 302
    assert response["Location"] == "/be-a-member/thanks/"
    application = MembershipApplication.objects.get()
    assert application.status == "new"
    assert application.website == "https://surabaya.go.id"
    assert application.contact_phone == "+62315312144"
    assert application.client_ip == "127.0.0.1"
    assert application.postal_address == "Jl. Taman Surya No. 1\nSurabaya 60272"
    # Indonesia is upper-middle income; 2.9 million people is the "1 to 5 million" band.
    assert application.indicative_fee_usd == 6000
    thanks = client.get(response["Location"]).content.decode()
    assert application.reference in thanks
    assert "6,000" in thanks or "6000" in thanks

    acknowledgement, notification = mail.outbox
    assert acknowledgement.to == ["siti.rahma@surabaya.go.id"]
    assert application.reference in acknowledgement.subject
    assert application.reference in acknowledgement.body
    assert application.reference in acknowledgement.alternatives[0][0]
    secretariat = MembershipSettings.objects.get().secretariat_email
    assert notification.to == [secretariat]
    assert notification.reply_to == ["siti.rahma@surabaya.go.id"]
    assert "Kota Surabaya" in notification.body
    assert f"/admin/membership/applications/inspect/{application.pk}/" in notification.body


def test_the_thank_you_step_needs_the_applicants_session(client):
    _post(client)
    reference = MembershipApplication.objects.get().reference
    other = client.__class__()
    response = other.get("/be-a-member/thanks/")
    assert response.status_code == 302
    assert reference not in other.get("/be-a-member/thanks/", follow=True).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation_name", "", "This field is required"),
        ("organisation_name", "x" * 201, "at most 200 characters"),
        ("contact_email", "not-an-email", "valid email"),
        ("contact_phone", "0812345", "country code"),
        ("contact_phone", "+62 abc", "country code"),
        ("website", "not a url", "valid URL"),
        ("country", "FR", "valid choice"),
        ("population", "", "population"),
        ("population", "-5", "greater than or equal to 0"),
        ("consent", None, "only process your application with your consent"),
        ("message", "x" * 3001, "at most 3000 characters"),
        ("city", "Sura\x00baya", "Null characters are not allowed"),
        ("head_name", "Eri\x07 Cahyadi", "control characters"),
        ("contact_name", "Siti\nRahma", "control characters"),
        ("message", "Hello\x1b[31m", "control characters"),
    ],
)
def test_an_invalid_field_redisplays_with_its_error_and_keeps_the_other_values(client, field, value, message):
    response = _post(client, **{field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert MembershipApplication.objects.count() == 0
    assert mail.outbox == []
    assert 'class="error-summary"' in html
    field_block = re.search(rf'<div class="form__field form__field--error">(?:(?!</div>).)*id="id_{field}"', html, re.S)
    assert field_block, f"{field} is not marked as invalid"
    assert message in html
    kept_field = "city" if field != "city" else "organisation_name"
    kept_value = "Surabaya" if kept_field == "city" else "Kota Surabaya"
    assert f'value="{kept_value}"' in html
    assert "Jl. Taman Surya No. 1" in html


def test_population_is_optional_for_associations(client):
    response = _post(client, category=association_category().pk, population="")
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.population is None
    assert application.indicative_fee_usd is None


def test_a_disabled_category_cannot_be_chosen(client):
    honorary = MembershipCategory.objects.get(enabled=False)
    response = _post(client, category=honorary.pk)
    assert "valid choice" in response.content.decode()
    assert not MembershipApplication.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["广州市人民政府", "서울특별시", "กรุงเทพมหานคร", "बृहन्मुंबई महानगरपालिका", "بلدية كابل", "City of Smiles 😊🏙️"],
)
def test_unicode_names_are_kept_exactly(client, name):
    response = _post(client, organisation_name=name, contact_name=name)
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.organisation_name == name
    assert application.contact_name == name
    assert name in mail.outbox[0].body


def test_script_in_fields_is_escaped_on_the_form_and_in_emails(client):
    script = "<script>alert(1)</script>"
    response = _post(client, organisation_name=script, contact_email="bad")
    html = response.content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    _post(client, organisation_name=script, contact_name=script)
    for message in mail.outbox:
        assert script not in message.alternatives[0][0]
        assert "&lt;script&gt;" in message.alternatives[0][0]


def test_a_filled_honeypot_shows_thanks_but_stores_nothing(client):
    response = _post(client, nickname="I am a bot")
    assert response.status_code == 200
    assert "We have received your application" in response.content.decode()
    assert not MembershipApplication.objects.exists()
    assert mail.outbox == []


def test_a_too_fast_post_redisplays_the_form_with_its_data(client, settings):
    settings.FORM_MIN_SECONDS = 30
    response = _post(client)
    html = response.content.decode()
    assert "quicker than we expected" in html
    assert 'value="Kota Surabaya"' in html
    assert not MembershipApplication.objects.exists()


def test_the_rate_limit_answers_429(client, settings):
    settings.FORM_RATE_LIMIT = "3/h"
    for number in range(3):
        response = client.post(JOIN_URL, application_data(client, contact_email=f"person{number}@example.org"))
        assert response.status_code == 302
    response = client.post(JOIN_URL, application_data(client, contact_email="person9@example.org"))
    assert response.status_code == 429
    assert MembershipApplication.objects.count() == 3


def test_a_duplicate_submission_is_stored_once_and_shows_the_same_reference(client):
    first = _post(client)
    reference = MembershipApplication.objects.get().reference
    second_client = client.__class__()
    second = _post(second_client, organisation_name="  KOTA   surabaya ", contact_email="Siti.Rahma@Surabaya.go.id")
    assert first.status_code == second.status_code == 302
    assert MembershipApplication.objects.count() == 1
    assert reference in second_client.get("/be-a-member/thanks/").content.decode()
    assert len(mail.outbox) == 2


def test_a_pdf_letter_is_stored_privately(client):
    response = _post(client, letter_of_intent=pdf_upload())
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    path = application.letter_of_intent.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "letter.pdf" not in path
    assert client.get("/media/" + application.letter_of_intent.name).status_code == 404
    assert client.get("/private-media/" + application.letter_of_intent.name).status_code == 404


def test_a_file_that_is_not_a_pdf_is_rejected(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = _post(client, letter_of_intent=fake)
    assert "not a readable PDF" in response.content.decode()
    assert not MembershipApplication.objects.exists()


def test_a_too_large_letter_is_rejected(client, monkeypatch):
    monkeypatch.setattr(member_forms, "MAX_LETTER_BYTES", 100)
    response = _post(client, letter_of_intent=pdf_upload())
    assert "larger than 5 MB" in response.content.decode()
    assert not MembershipApplication.objects.exists()


def test_an_email_failure_keeps_the_application_and_shows_success(client, monkeypatch, caplog):
    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken_send)
    response = _post(client)
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.reference in client.get(response["Location"]).content.decode()
    assert "Could not send an email" in caplog.text


def test_header_values_cannot_carry_line_breaks():
    assert header_safe("Kota\r\nBcc: victim@example.org") == "Kota Bcc: victim@example.org"


def test_the_member_directory_is_a_cacheable_public_page(client):
    response = client.get("/be-a-member/members/")
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_a_refused_application_keeps_every_choice_made(client):
    interest = InterestArea.objects.filter(enabled=True).first()
    language = CorrespondenceLanguage.objects.last()
    html = _post(client, contact_email="not-an-email", interests=[interest.pk], preferred_language=language.pk)
    html = html.content.decode()
    assert '<option value="ID" selected>' in html
    assert f'<option value="{local_government_category().pk}" selected>' in html
    assert f'<option value="{language.pk}" selected>' in html
    assert re.search(rf'<input type="checkbox" name="interests" value="{interest.pk}"[^>]* checked>', html)
