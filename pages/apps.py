from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    label = "pages"
    verbose_name = _("Pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.images import get_image_model
        from wagtail.models import Locale
        from wagtail.signals import page_published, page_unpublished, post_page_move

        import pages.news.views  # noqa: F401 - registers the news pages' route views
        from pages.admin_times import install_local_times_in_inspect_views
        from pages.cache import bump_for_cached_models, bump_site_version
        from pages.cards import forget_all_cards, forget_all_cards_for_model, forget_page_cards
        from pages.database_deadlines import limit_reply_waits
        from pages.exports import install_safe_spreadsheet_exports
        from pages.home_blocks import register_foundation_blocks
        from pages.languages import forget_locale_ids
        from pages.models import SiteSettings
        from pages.renditions import queue_page_renditions, queue_prepared_renditions, queue_settings_renditions
        from pages.shared_cache import (
            ban_for_deleted_model,
            ban_for_moved_page,
            ban_for_saved_model,
            purge_published_page,
        )

        install_safe_spreadsheet_exports()
        register_foundation_blocks()
        install_local_times_in_inspect_views()

        page_published.connect(bump_site_version, dispatch_uid="pages.cache.page_published")
        page_unpublished.connect(bump_site_version, dispatch_uid="pages.cache.page_unpublished")
        post_page_move.connect(bump_site_version, dispatch_uid="pages.cache.post_page_move")
        post_save.connect(bump_for_cached_models, dispatch_uid="pages.cache.post_save")
        post_delete.connect(bump_for_cached_models, dispatch_uid="pages.cache.post_delete")
        post_save.connect(queue_prepared_renditions, sender=get_image_model(), dispatch_uid="pages.renditions")
        post_save.connect(queue_settings_renditions, sender=SiteSettings, dispatch_uid="pages.renditions.settings")
        page_published.connect(queue_page_renditions, dispatch_uid="pages.renditions.page_published")
        # After the page cache's receivers: the shared cache is told once ours has moved on.
        page_published.connect(purge_published_page, dispatch_uid="pages.shared_cache.page_published")
        page_unpublished.connect(purge_published_page, dispatch_uid="pages.shared_cache.page_unpublished")
        post_page_move.connect(ban_for_moved_page, dispatch_uid="pages.shared_cache.post_page_move")
        post_save.connect(ban_for_saved_model, dispatch_uid="pages.shared_cache.post_save")
        post_delete.connect(ban_for_deleted_model, dispatch_uid="pages.shared_cache.post_delete")
        post_save.connect(forget_page_cards, dispatch_uid="pages.cards.page_saved")
        post_save.connect(forget_all_cards_for_model, dispatch_uid="pages.cards.post_save")
        post_delete.connect(forget_all_cards_for_model, dispatch_uid="pages.cards.post_delete")
        # Every deployment migrates: cards are rendered with its code from then on.
        post_migrate.connect(forget_all_cards, dispatch_uid="pages.cards.post_migrate")
        connection_created.connect(limit_reply_waits, dispatch_uid="pages.database_deadlines")
        post_save.connect(forget_locale_ids, sender=Locale, dispatch_uid="pages.languages.post_save")
        post_delete.connect(forget_locale_ids, sender=Locale, dispatch_uid="pages.languages.post_delete")
        # A migration, or an emptied and rebuilt database, gives the locales new ids.
        post_migrate.connect(forget_locale_ids, dispatch_uid="pages.languages.post_migrate")
