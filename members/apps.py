from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _

PUBLIC_MODELS = (
    "Member",
    "MembershipCategory",
    "InterestArea",
    "CorrespondenceLanguage",
    "IncomeGroup",
    "PopulationBand",
    "FeeBand",
)


class MembersConfig(AppConfig):
    name = "members"
    label = "members"
    verbose_name = _("Members")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from pages.cache import shown_on_public_pages

        from . import signals, views  # noqa: F401 - views registers the member pages' route views

        # The directory, the fee table and the join form's choices; never the applications.
        shown_on_public_pages(*(self.get_model(name) for name in PUBLIC_MODELS))

        post_migrate.connect(signals.grant_membership_permissions, sender=self)
        post_delete.connect(
            signals.delete_letter_of_intent,
            sender=self.get_model("MembershipApplication"),
            dispatch_uid="members.delete_letter_of_intent",
        )
