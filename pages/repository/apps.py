from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepositoryConfig(AppConfig):
    name = "pages.repository"
    label = "repository"
    verbose_name = _("COVID-19 repository")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The pages hand their requests to these views by name (`pages.routes`).
        from pages.repository import feeds, home_block, views  # noqa: F401

        home_block.register()
