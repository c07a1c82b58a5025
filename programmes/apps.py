from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    label = "programmes"
    verbose_name = _("Programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import programmes.views  # noqa: F401 - registers the programme pages' route views
        from programmes import home_block, news_filter

        home_block.register()
        news_filter.register()
