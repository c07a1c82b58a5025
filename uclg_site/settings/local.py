"""`make run`: production-like (DEBUG off, compressed static files) but over plain HTTP on
127.0.0.1, with uploaded media served by the application and email printed."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-run-key-not-for-production")
SERVE_MEDIA = True
