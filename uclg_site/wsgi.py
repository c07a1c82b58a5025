import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uclg_site.settings.production")
# Web requests only: a runaway query is cancelled before Gunicorn's 30 s worker timeout.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "20000")

application = get_wsgi_application()
