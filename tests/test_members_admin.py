"""The secretariat's review of applications in the admin: list, detail, workflow, exports,
permissions and private letters."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from openpyxl import load_workbook

from members.models import Member, MembershipApplication, StatusChange
from tests.builders_members import make_application, pdf_bytes

pytestmark = pytest.mark.django_db

INDEX = "/admin/membership/applications/"
SCRIPT = "<script>alert('x')</script>"


def inspect_url(application):
    return f"{INDEX}inspect/{application.pk}/"


def edit_url(application):
    return f"{INDEX}edit/{application.pk}/"


@pytest.fixture
def staff_client(client, django_user_model):
    """A staff user with admin access who is not in the Membership group."""
    user = django_user_model.objects.create_user("editor", "editor@example.org", "x" * 16)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def membership_client(client, django_user_model):
    user = django_user_model.objects.create_user("secretariat", "secretariat@example.org", "x" * 16)
    user.groups.add(Group.objects.get(name="Membership"))
    client.force_login(user)
    return client


@pytest.fixture
def application_with_letter():
    application = make_application(1)
    from django.core.files.base import ContentFile

    application.letter_of_intent.save("letter.pdf", ContentFile(pdf_bytes()), save=True)
    return application


def test_the_membership_group_can_review_applications(membership_client):
    application = make_application(1)
    assert membership_client.get(INDEX).status_code == 200
    assert membership_client.get(inspect_url(application)).status_code == 200
    assert membership_client.get(edit_url(application)).status_code == 200


def test_the_membership_group_has_the_members_permissions():
    group = Group.objects.get(name="Membership")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_membershipapplication", "change_membershipapplication", "delete_membershipapplication"} <= codenames
    assert "add_membershipapplication" not in codenames
    assert {"add_member", "change_feeband", "change_membershipcategory", "access_admin"} <= codenames


@pytest.mark.parametrize(
    "path",
    ["", "inspect/{pk}/", "edit/{pk}/", "delete/{pk}/", "{pk}/letter-of-intent/", "{pk}/personal-data.json"],
)
def test_staff_outside_the_membership_group_get_403(staff_client, application_with_letter, path):
    response = staff_client.get(INDEX + path.format(pk=application_with_letter.pk))
    assert response.status_code == 403
    assert application_with_letter.organisation_name not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, application_with_letter):
    for path in ("", f"{application_with_letter.pk}/letter-of-intent/"):
        response = client.get(INDEX + path)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_nobody_creates_applications_in_the_admin(admin_client):
    response = admin_client.get(INDEX)
    assert f'href="{INDEX}new/"' not in response.content.decode()
    assert admin_client.get(INDEX + "new/").status_code != 200
    admin_client.post(INDEX + "new/", {"status": "approved", "internal_note": "made up"})
    assert not MembershipApplication.objects.exists()


def test_the_list_searches_filters_and_orders(admin_client):
    make_application(1, organisation_name="Kota Bandung", contact_email="bandung@example.org")
    make_application(2, organisation_name="Kathmandu Metropolitan City", status="approved", country="NP")
    make_application(3, organisation_name="Davao City", contact_name="Maria Santos")

    def names(query):
        html = admin_client.get(INDEX + query).content.decode()
        return [name for name in ("Kota Bandung", "Kathmandu Metropolitan City", "Davao City") if name in html]

    assert names("?q=bandung@example") == ["Kota Bandung"]
    assert names("?q=Maria") == ["Davao City"]
    assert names("?status=approved") == ["Kathmandu Metropolitan City"]
    assert names("?country=NP") == ["Kathmandu Metropolitan City"]
    html = admin_client.get(INDEX + "?ordering=organisation_name").content.decode()
    assert html.index("Davao City") < html.index("Kathmandu Metropolitan City") < html.index("Kota Bandung")


def test_script_is_escaped_in_the_admin_list_and_detail(admin_client):
    application = make_application(1, organisation_name=SCRIPT, message=SCRIPT, contact_name=SCRIPT)
    for url in (INDEX, inspect_url(application), edit_url(application)):
        html = admin_client.get(url).content.decode()
        assert SCRIPT not in html
        assert "&lt;script&gt;" in html


def test_the_detail_view_shows_what_the_applicant_sent(admin_client):
    application = make_application(1, organisation_name="Kota Makassar", message="We would like to join")
    html = admin_client.get(inspect_url(application)).content.decode()
    assert "Kota Makassar" in html
    assert "We would like to join" in html
    assert application.reference in html


def test_status_changes_are_recorded_with_who_when_and_a_note(admin_client, admin_user):
    application = make_application(1)
    response = admin_client.post(
        edit_url(application),
        {"status": "under_review", "change_note": "Checking the council resolution", "internal_note": "Call back"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "under_review"
    assert application.internal_note == "Call back"
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_by) == ("new", "under_review", admin_user)
    assert change.note == "Checking the council resolution"
    html = admin_client.get(inspect_url(application)).content.decode()
    assert "Checking the council resolution" in html
    assert "Under review" in html


def test_a_status_cannot_skip_the_review(admin_client):
    application = make_application(1)
    response = admin_client.post(edit_url(application), {"status": "approved"})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "new"
    assert not StatusChange.objects.exists()


def test_approving_adds_the_member_to_the_directory(admin_client, client):
    application = make_application(1, organisation_name="Kota Semarang", country="ID", city="Semarang")
    admin_client.post(edit_url(application), {"status": "under_review"})
    admin_client.post(edit_url(application), {"status": "approved", "create_member": "on"})
    member = Member.objects.get(application=application)
    assert (member.organisation_name, member.country.code, member.city) == ("Kota Semarang", "ID", "Semarang")
    assert member.joined_year is not None
    assert "Kota Semarang" in client.get("/be-a-member/members/").content.decode()
    assert StatusChange.objects.filter(application=application).count() == 2


def test_staff_cannot_alter_what_the_applicant_submitted(admin_client):
    application = make_application(1, organisation_name="Original name", contact_email="original@example.org")
    admin_client.post(
        edit_url(application),
        {"status": "under_review", "organisation_name": "Changed", "contact_email": "changed@example.org"},
    )
    application.refresh_from_db()
    assert application.organisation_name == "Original name"
    assert application.contact_email == "original@example.org"
    assert application.status == "under_review"


def test_the_csv_export_matches_the_filtered_list_and_is_spreadsheet_safe(admin_client):
    make_application(1, organisation_name='=HYPERLINK("http://evil")', city="Cebu")
    make_application(2, organisation_name="Kota Bogor", status="approved", city="Bogor")
    response = admin_client.get(INDEX + "?export=csv&status=new")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Reference", "Submitted at (Asia/Jakarta)", "Status", "Name of the organisation"]
    assert len(body) == 1
    row = dict(zip(header, body[0], strict=True))
    assert row["Name of the organisation"] == '\'=HYPERLINK("http://evil")'
    assert row["City or region"] == "Cebu"
    assert row["Country or territory"] == "Philippines"
    assert row["Status"] == "New"
    assert row["Contact email"] == "contact1@example.org"


def test_the_xlsx_export_matches_and_holds_no_formulas(admin_client):
    make_application(1, organisation_name="=1+1", city="Iloilo")
    response = admin_client.get(INDEX + "?export=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows())
    header = [cell.value for cell in rows[0]]
    row = dict(zip(header, rows[1], strict=True))
    # A text cell, not a formula, and without a visible apostrophe.
    assert row["Name of the organisation"].value == "=1+1"
    assert row["Name of the organisation"].data_type == "s"
    assert row["City or region"].value == "Iloilo"


def test_the_letter_of_intent_is_served_only_to_membership_staff(membership_client, application_with_letter):
    response = membership_client.get(f"{INDEX}{application_with_letter.pk}/letter-of-intent/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_one_applicants_data_can_be_exported(admin_client):
    application = make_application(1, organisation_name="서울특별시", message=SCRIPT)
    response = admin_client.get(f"{INDEX}{application.pk}/personal-data.json")
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["organisation_name"] == "서울특별시"
    assert data["message"] == SCRIPT
    assert data["reference"] == application.reference
    csv_response = admin_client.get(f"{INDEX}{application.pk}/personal-data.csv")
    assert "서울특별시" in csv_response.content.decode("utf-8-sig")
    assert admin_client.get(f"{INDEX}{application.pk}/personal-data.xml").status_code == 404


def test_erasing_an_application_deletes_its_letter_from_disk(admin_client, application_with_letter):
    path = Path(application_with_letter.letter_of_intent.path)
    assert path.exists()
    response = admin_client.post(f"{INDEX}delete/{application_with_letter.pk}/")
    assert response.status_code == 302
    assert not MembershipApplication.objects.exists()
    assert not path.exists()


def test_permissions_come_from_the_group_not_from_names(django_user_model, client):
    user = django_user_model.objects.create_user("reader", "reader@example.org", "x" * 16)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_membershipapplication"),
    )
    client.force_login(user)
    assert client.get(INDEX).status_code == 200
