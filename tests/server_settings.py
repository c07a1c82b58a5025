"""Production settings for the application servers that tests start, with static files found
in place (no collectstatic) because pages are fetched without their stylesheets."""

from uclg_site.settings.production import *  # noqa: F403
from uclg_site.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
