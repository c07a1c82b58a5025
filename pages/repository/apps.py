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
        self.keep_search_vectors_in_step()
        self.count_afresh_after_each_release()

    def keep_search_vectors_in_step(self):
        from django.db.models.signals import post_save
        from django_tasks.signals import task_finished

        from pages.repository.models import ResourcePage
        from pages.repository.search_vectors import queue_search_vector, refresh_after_text_extraction

        post_save.connect(queue_search_vector, sender=ResourcePage, dispatch_uid="repository.search_vector")
        task_finished.connect(refresh_after_text_extraction, dispatch_uid="repository.search_vector.text")

    def count_afresh_after_each_release(self):
        from django.db.models.signals import post_migrate

        from pages.repository.finder import forget_kept_counts

        post_migrate.connect(forget_kept_counts, sender=self, dispatch_uid="repository.kept_counts.post_migrate")
