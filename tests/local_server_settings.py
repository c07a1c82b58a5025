"""What `make run` serves (the local settings: plain HTTP, no Redis unless given), with static
files found in place instead of collected, for the application servers that tests start."""

from uclg_site.settings.local import *  # noqa: F403
from uclg_site.settings.local import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
