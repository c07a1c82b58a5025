"""The Membership group's permissions, and private uploads removed with their application."""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

MEMBERSHIP_GROUP = "Membership"
# Applications are only viewed, reviewed and erased; everything else the group manages fully.
APPLICATION_ACTIONS = ("view", "change", "delete")
MANAGED_MODELS = (
    "member",
    "membershipcategory",
    "interestarea",
    "correspondencelanguage",
    "incomegroup",
    "countryincomegroup",
    "populationband",
    "feeband",
)


def grant_membership_permissions(sender, app_config=None, using="default", verbosity=0, **kwargs):
    create_permissions(app_config, verbosity=0, using=using)
    codenames = [f"{action}_membershipapplication" for action in APPLICATION_ACTIONS]
    codenames += ["view_statuschange", "change_membershipsettings"]
    codenames += [f"{action}_{model}" for model in MANAGED_MODELS for action in ("add", "change", "delete", "view")]
    group, _ = Group.objects.using(using).get_or_create(name=MEMBERSHIP_GROUP)
    permissions = Permission.objects.using(using).filter(content_type__app_label="members", codename__in=codenames)
    group.permissions.add(*permissions)
    access_admin = Permission.objects.using(using).filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(*access_admin)


def delete_letter_of_intent(sender, instance, **kwargs):
    if instance.letter_of_intent:
        instance.letter_of_intent.delete(save=False)
