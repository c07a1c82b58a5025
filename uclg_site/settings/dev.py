"""Local development: DEBUG on by default, email printed to the console, media served by
Django. Used by `make run` too, which serves through Gunicorn over plain HTTP."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only-key-not-for-production")
SERVE_MEDIA = True
