"""The join form on the membership page, the public directory, and the secretariat's admin
views of applications."""

import json
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from pages.exports import csv_response
from pages.listing import paginate
from pages.models import SiteSettings
from pages.protection import blank_form_html, client_ip, is_rate_limited, too_many_requests
from pages.routes import route_view

from .countries import countries_in_name_order
from .directory import DirectoryListing, member_counts
from .emails import send_application_emails
from .forms import ApplicationReviewForm, DirectoryFilterForm, MembershipApplicationForm
from .models import (
    SESSION_REFERENCE_KEY,
    ApplicationStatus,
    FeeBand,
    Member,
    MembershipApplication,
    StatusChange,
    application_fingerprint,
)

logger = logging.getLogger(__name__)

RATE_LIMIT_GROUP = "membership-application"
MEMBERS_PER_PAGE = 60
JOIN_FORM_TEMPLATE = "members/join_form.html"


# --- The public join form ------------------------------------------------------------


@route_view("members.join")
def join_form_view(request, page):
    privacy_page = SiteSettings.for_request(request).privacy_page
    privacy_url = privacy_page.url if privacy_page and privacy_page.live else None
    if request.method == "POST":
        if is_rate_limited(request, group=RATE_LIMIT_GROUP):
            return too_many_requests(request)
        form = MembershipApplicationForm(request.POST, request.FILES, privacy_url=privacy_url)
        if form.is_valid():
            if form.is_spam:
                return page.render(
                    request, context_overrides={"reference": None}, template="members/membership_page_thanks.html"
                )
            application, created = save_application(form, request)
            request.session[SESSION_REFERENCE_KEY] = application.reference
            if created:
                send_application_emails(application, request)
            return redirect(page.url + page.reverse_subpage("thanks"))
        form_html = render_to_string(JOIN_FORM_TEMPLATE, {"form": form}, request=request)
        return page.render(request, context_overrides={"form": form, "form_html": form_html})
    form_html = blank_form_html(request, JOIN_FORM_TEMPLATE, MembershipApplicationForm, privacy_url=privacy_url)
    return page.render(request, context_overrides={"form_html": form_html})


def save_application(form, request):
    """Store the application once: a second post of the same application (same contact
    email and organisation on the same day) returns the stored one instead."""
    application = form.save(commit=False)
    application.client_ip = client_ip(request) or None
    application.submitted_language = get_language() or settings.LANGUAGE_CODE
    application.submitted_at = timezone.now()
    if application.category.is_local_government:
        application.indicative_fee_usd = FeeBand.indicative_fee(application.country, application.population)
    application.fingerprint = application_fingerprint(
        application.contact_email, application.organisation_name, application.submitted_at
    )
    try:
        with transaction.atomic():
            application.save()
            form.save_m2m()
    except IntegrityError:
        existing = MembershipApplication.objects.filter(fingerprint=application.fingerprint).first()
        if existing is None:
            raise
        if application.letter_of_intent:
            application.letter_of_intent.delete(save=False)
        return existing, False
    return application, True


# --- The public directory ------------------------------------------------------------


@route_view("members.directory")
def directory_context(request, page):
    """Members grouped by country, countries in name order, narrowed by the valid filters."""
    form = DirectoryFilterForm(request.GET or None)
    filters = chosen_filters(form)
    country_counts = member_counts(*filters) if filters is not None else {}
    total = sum(country_counts.values())
    members = DirectoryListing(*(filters or (None, None)), countries_in_name_order(country_counts), total)
    page_obj = paginate(members, request, MEMBERS_PER_PAGE)
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "groups": group_by_country(page_obj, country_counts),
        "member_total": total,
        "country_total": len(country_counts),
        "query_string": query_without_page(request),
    }


def chosen_filters(form):
    """(category id, country code) of the directory's filters, each None when not chosen; None
    when a filter is not valid, which shows no member."""
    if not form.is_bound:
        return None, None
    if not form.is_valid():
        return None
    category = form.cleaned_data.get("category")
    return category.pk if category else None, form.cleaned_data.get("country") or None


def group_by_country(page_obj, country_counts):
    groups = []
    for member in page_obj:
        if not groups or groups[-1]["country"] != member.country:
            groups.append({"country": member.country, "count": country_counts[member.country.code], "members": []})
        groups[-1]["members"].append(member)
    return groups


def query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Admin: permissions ----------------------------------------------------------------


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications come only from applicants: nobody creates or copies one in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [action for action in actions if action != "add"])


def can_see_applications(user):
    return user.is_active and (
        user.has_perm("members.view_membershipapplication") or user.has_perm("members.change_membershipapplication")
    )


class ApplicationsOnlyForMembershipStaff:
    """Staff outside the Membership group get a plain 403, not the admin's redirect."""

    def dispatch(self, request, *args, **kwargs):
        if not can_see_applications(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)


# --- Admin: views ----------------------------------------------------------------------


class ApplicationIndexView(ApplicationsOnlyForMembershipStaff, ModelViewSet.index_view_class):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("category", "preferred_language")


class ApplicationInspectView(ApplicationsOnlyForMembershipStaff, ModelViewSet.inspect_view_class):
    def get_object(self, queryset=None):
        return get_object_or_404(
            MembershipApplication.objects.select_related("category", "preferred_language"), pk=self.pk
        )

    def get_page_title(self):
        return _("Application")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_changes"] = self.object.status_changes.select_related("changed_by")
        context["member"] = Member.objects.filter(application=self.object).first()
        return context

    @cached_property
    def header_more_buttons(self):
        buttons = []
        if self.user_has_permission("change"):
            buttons.append(HeaderButton(_("Review"), url=self.get_edit_url(), icon_name="edit", priority=10))
        if self.object.letter_of_intent:
            buttons.append(
                HeaderButton(
                    _("Download the letter of intent"),
                    url=reverse("members_application_letter", args=[self.object.pk]),
                    icon_name="doc-full",
                    priority=20,
                )
            )
        for data_format in ("json", "csv"):
            buttons.append(
                HeaderButton(
                    _("Export this applicant’s data (%(format)s)") % {"format": data_format.upper()},
                    url=reverse("members_application_personal_data", args=[self.object.pk, data_format]),
                    icon_name="download",
                    priority=30,
                )
            )
        if self.user_has_permission("delete"):
            buttons.append(
                HeaderButton(_("Erase this applicant’s data"), url=self.get_delete_url(), icon_name="bin", priority=40)
            )
        return buttons


class ApplicationReviewView(ApplicationsOnlyForMembershipStaff, ModelViewSet.edit_view_class):
    def get_object(self, queryset=None):
        application = super().get_object(queryset)
        self.original_status = application.status
        return application

    def get_page_title(self):
        return _("Review application")

    def save_instance(self):
        application = super().save_instance()
        note = self.form.cleaned_data.get("change_note", "")
        if application.status != self.original_status or note:
            StatusChange.objects.create(
                application=application,
                changed_by=self.request.user,
                from_status=self.original_status,
                to_status=application.status,
                note=note,
            )
        if (
            application.status == ApplicationStatus.APPROVED
            and self.form.cleaned_data.get("create_member")
            and not Member.objects.filter(application=application).exists()
        ):
            Member.objects.create(
                application=application,
                organisation_name=application.organisation_name,
                country=application.country,
                city=application.city,
                category=application.category,
                website=application.website,
                joined_year=timezone.localdate().year,
            )
        return application


class ApplicationEraseView(ApplicationsOnlyForMembershipStaff, ModelViewSet.delete_view_class):
    def get_page_title(self):
        return _("Erase this applicant’s data")


class MembershipApplicationViewSet(ModelViewSet):
    model = MembershipApplication
    icon = "form"
    menu_label = _("Applications")
    url_prefix = "membership/applications"
    add_to_admin_menu = False
    inspect_view_enabled = True
    inspect_template_name = "members/admin/application_inspect.html"
    copy_view_enabled = False
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    edit_view_class = ApplicationReviewView
    delete_view_class = ApplicationEraseView
    edit_handler = ObjectList(
        [FieldPanel("status"), FieldPanel("change_note"), FieldPanel("create_member"), FieldPanel("internal_note")],
        base_form_class=ApplicationReviewForm,
    )
    list_display = ["organisation_name", "reference", "category", "country", "contact_email", "status", "submitted_at"]
    list_filter = ["status", "category", "country", "submitted_at"]
    search_fields = ["organisation_name", "contact_name", "contact_email", "reference"]
    search_backend_name = None
    ordering = ["-submitted_at"]
    list_export = [
        "reference",
        "submitted_at",
        "get_status_display",
        "organisation_name",
        "category",
        "country_name",
        "city",
        "population",
        "indicative_fee_usd",
        "website",
        "postal_address",
        "head_name",
        "head_title",
        "contact_name",
        "contact_position",
        "contact_email",
        "contact_phone",
        "preferred_language",
        "heard_about",
        "message",
    ]
    export_headings = {"get_status_display": _("Status"), "country_name": _("Country or territory")}
    export_filename = "membership-applications"
    inspect_view_fields = [
        "reference",
        "status",
        "submitted_at",
        "organisation_name",
        "category",
        "country",
        "city",
        "population",
        "indicative_fee_usd",
        "website",
        "letter_check",
        "interests",
        "postal_address",
        "head_name",
        "head_title",
        "contact_name",
        "contact_position",
        "contact_email",
        "contact_phone",
        "preferred_language",
        "submitted_language",
        "heard_about",
        "message",
        "consent",
        "client_ip",
        "internal_note",
    ]


# --- Admin: private files and personal data --------------------------------------------


def letter_of_intent_view(request, pk):
    if not can_see_applications(request.user):
        return permission_denied(request, PermissionDenied())
    application = get_object_or_404(MembershipApplication, pk=pk)
    if not application.letter_of_intent:
        raise Http404
    try:
        handle = application.letter_of_intent.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        content_type="application/pdf",
        filename=f"{application.reference}-letter-of-intent.pdf",
    )


def personal_data_view(request, pk, data_format):
    if not can_see_applications(request.user):
        return permission_denied(request, PermissionDenied())
    if data_format not in ("json", "csv"):
        raise Http404
    application = get_object_or_404(MembershipApplication, pk=pk)
    data = application.personal_data()
    filename = f"{application.reference}-personal-data"
    if data_format == "csv":
        rows = [[key, "; ".join(value) if isinstance(value, list) else value] for key, value in data.items()]
        return csv_response(f"{filename}.csv", [_("field"), _("value")], rows)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
