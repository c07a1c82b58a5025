"""Builders for the membership tests: valid form data, stored applications, PDF uploads."""

from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF

from members.models import CorrespondenceLanguage, MembershipApplication, MembershipCategory, MembershipPage
from tests.builders import form_started

JOIN_URL = "/be-a-member/"


def membership_page():
    return MembershipPage.objects.get(slug="be-a-member")


def local_government_category():
    return MembershipCategory.objects.filter(is_local_government=True, enabled=True).first()


def association_category():
    return MembershipCategory.objects.filter(is_local_government=False, enabled=True).first()


def started_token(client):
    return form_started(client.get(JOIN_URL).content.decode())


def application_data(client=None, token=None, **overrides):
    """A complete, valid post of the join form."""
    data = {
        "organisation_name": "Kota Surabaya",
        "category": local_government_category().pk,
        "country": "ID",
        "city": "Surabaya",
        "population": "2874000",
        "website": "surabaya.go.id",
        "postal_address": "Jl. Taman Surya No. 1\nSurabaya 60272",
        "head_name": "Eri Cahyadi",
        "head_title": "Mayor",
        "contact_name": "Siti Rahma",
        "contact_position": "Head of International Cooperation",
        "contact_email": "siti.rahma@surabaya.go.id",
        "contact_phone": "+62 31 531 2144",
        "preferred_language": CorrespondenceLanguage.objects.first().pk,
        "heard_about": "A UCLG ASPAC webinar",
        "message": "We would like to join.",
        "consent": "on",
        "form_started": token or (started_token(client) if client else ""),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def pdf_bytes(text="Letter of intent"):
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text)
    return bytes(document.output())


def pdf_upload(name="letter.pdf", text="Letter of intent"):
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def make_application(number=0, **fields):
    values = {
        "organisation_name": f"Municipality {number}",
        "category": local_government_category(),
        "country": "PH",
        "city": f"City {number}",
        "population": 150000,
        "postal_address": "Address",
        "head_name": "Head",
        "head_title": "Mayor",
        "contact_name": f"Contact {number}",
        "contact_position": "Officer",
        "contact_email": f"contact{number}@example.org",
        "contact_phone": "+6321234567",
        "consent": True,
    }
    values.update(fields)
    return MembershipApplication.objects.create(**values)
