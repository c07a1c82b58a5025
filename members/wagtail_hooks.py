"""The Membership menu of the admin: applications, members and the lists they use."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from pages.dashboard import LATEST_COUNT, LatestItemsPanel, PanelItem

from .models import (
    ApplicationStatus,
    CorrespondenceLanguage,
    CountryIncomeGroup,
    FeeBand,
    IncomeGroup,
    InterestArea,
    Member,
    MembershipApplication,
    MembershipCategory,
    PopulationBand,
)
from .views import (
    ApplicationPermissionPolicy,
    MembershipApplicationViewSet,
    can_see_applications,
    letter_of_intent_view,
    personal_data_view,
)

register_permission_policy(MembershipApplication, ApplicationPermissionPolicy(MembershipApplication), exact_class=True)


class MemberViewSet(ModelViewSet):
    model = Member
    icon = "group"
    menu_label = _("Member directory")
    url_prefix = "membership/members"
    list_display = ["organisation_name", "country", "city", "category", "joined_year"]
    list_filter = ["category", "country"]
    search_fields = ["organisation_name", "city"]
    search_backend_name = None
    copy_view_enabled = False


def taxonomy_viewset(taxonomy_model, label, fields, list_display=None, icon="tag"):
    return type(
        f"{taxonomy_model.__name__}ViewSet",
        (ModelViewSet,),
        {
            "model": taxonomy_model,
            "icon": icon,
            "menu_label": label,
            "url_prefix": f"membership/{taxonomy_model._meta.model_name}",
            "form_fields": fields,
            "list_display": list_display or ["__str__"],
            "copy_view_enabled": False,
        },
    )


class MembershipViewSetGroup(ModelViewSetGroup):
    menu_label = _("Membership")
    menu_icon = "group"
    menu_order = 250
    items = (
        MembershipApplicationViewSet,
        MemberViewSet,
        taxonomy_viewset(
            MembershipCategory,
            _("Categories"),
            ["name", "description", "is_local_government", "enabled", "sort_order"],
            ["name", "is_local_government", "enabled", "sort_order"],
        ),
        taxonomy_viewset(
            FeeBand, _("Fee bands"), ["population_band", "income_group", "annual_fee_usd"], icon="calculator"
        ),
        taxonomy_viewset(
            PopulationBand, _("Population bands"), ["label", "min_population", "max_population"], icon="list-ol"
        ),
        taxonomy_viewset(IncomeGroup, _("Income groups"), ["name", "key", "sort_order"]),
        taxonomy_viewset(
            CountryIncomeGroup,
            _("Countries’ income groups"),
            ["country", "income_group"],
            ["country", "income_group"],
            icon="globe",
        ),
        taxonomy_viewset(InterestArea, _("Committees and programmes"), ["name", "enabled", "sort_order"]),
        taxonomy_viewset(CorrespondenceLanguage, _("Languages"), ["name", "site_language", "enabled", "sort_order"]),
    )


membership_viewsets = MembershipViewSetGroup()
applications_viewset = next(
    viewset for viewset in membership_viewsets.registerables if isinstance(viewset, MembershipApplicationViewSet)
)


@hooks.register("register_admin_viewset")
def register_membership_viewsets():
    return membership_viewsets


@hooks.register("construct_homepage_panels")
def add_new_applications_panel(request, panels):
    """New applications on the dashboard, only for staff who may see applications at all."""
    if not can_see_applications(request.user):
        return
    new = MembershipApplication.objects.filter(status=ApplicationStatus.NEW).order_by("-submitted_at")
    index_url = reverse(applications_viewset.get_url_name("index"))
    panels.append(
        LatestItemsPanel(
            name="new_applications",
            heading=_("New membership applications"),
            count_label=_("waiting for review"),
            count=new.count(),
            items=[
                PanelItem(
                    label=application.organisation_name,
                    url=reverse(applications_viewset.get_url_name("inspect"), args=[application.pk]),
                    detail=application.reference,
                )
                for application in new[:LATEST_COUNT]
            ],
            all_url=f"{index_url}?status={ApplicationStatus.NEW}",
            all_label=_("All new applications"),
            order=140,
        )
    )


@hooks.register("register_admin_urls")
def register_private_application_urls():
    return [
        path(
            "membership/applications/<int:pk>/letter-of-intent/",
            letter_of_intent_view,
            name="members_application_letter",
        ),
        path(
            "membership/applications/<int:pk>/personal-data.<str:data_format>",
            personal_data_view,
            name="members_application_personal_data",
        ),
    ]
