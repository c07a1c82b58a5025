"""A prospective member fills in and sends the join form in Chromium, with and without JavaScript."""

import pytest

from members.models import MembershipApplication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_and_send(page, organisation):
    page.get_by_label("Name of the local government or organisation").fill(organisation)
    page.get_by_label("Membership category").select_option(label="Local government — city/municipality")
    page.get_by_label("Country or territory").select_option("TH")
    page.get_by_label("City or region").fill("Bangkok")
    page.get_by_label("Population", exact=True).fill("5500000")
    page.get_by_label("Official website").fill("www.bangkok.go.th")
    page.get_by_label("Postal address").fill("173 Dinso Road\nBangkok 10200")
    page.get_by_label("Name of the mayor, governor or head of the organisation").fill("ชัชชาติ สิทธิพันธุ์")
    page.get_by_label("Their title").fill("Governor")
    page.get_by_label("Contact person *", exact=True).fill("Somchai Jaidee")
    page.get_by_label("Position of the contact person").fill("International Affairs")
    page.get_by_label("Email of the contact person").fill("somchai@bangkok.go.th")
    page.get_by_label("Phone of the contact person").fill("+66 2 221 2141")
    page.get_by_label("Preferred language for correspondence").select_option(label="ไทย (Thai)")
    page.get_by_label("Standing Committee on Climate Change").check()
    page.get_by_label("I agree that UCLG ASPAC processes these details").check()
    page.get_by_role("button", name="Send the application").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_an_applicant_sends_the_form_from_the_home_page(demo_site, live_server, browser, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Join UCLG ASPAC").click()
    assert page.url.endswith("/be-a-member/")

    page.get_by_role("button", name="Send the application").click()
    assert page.get_by_role("alert").is_visible()

    organisation = f"Bangkok Metropolitan Administration ({'js' if javascript else 'no js'})"
    _fill_and_send(page, organisation)
    page.wait_for_url("**/be-a-member/thanks/")
    application = MembershipApplication.objects.get(organisation_name=organisation)
    assert application.reference in page.locator(".membership-thanks__reference").inner_text()
    assert application.head_name == "ชัชชาติ สิทธิพันธุ์"
    assert application.website == "https://www.bangkok.go.th"
    assert application.interests.get().name == "Standing Committee on Climate Change"
    context.close()
