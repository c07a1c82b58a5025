"""Settings shared by every environment. Secure by default: everything comes from the
environment, DEBUG is off unless asked for."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# How many reverse proxies in front of the site append to X-Forwarded-For. Only that many
# addresses from the right of the header are trusted; 0 means use REMOTE_ADDR alone.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    "pages",
    "pages.repository",
    "pages.wordpress",
    "programmes",
    "newsletters",
    "members",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_tasks_db",
    "django_ratelimit",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # intcomma: amounts grouped the language's way ("6,000", "6.000").
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pages.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "pages.middleware.PreviewFramingMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pages.cache.FullPageCacheMiddleware",
    "pages.middleware.ServiceFaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pages.middleware.LanguageByAddressMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view or the CSRF check reads the body.
    "pages.middleware.RequestBodyLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After the CSRF check: it calls admin views itself, inside a transaction.
    "pages.middleware.AdminTransactionMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "uclg_site.urls"
WSGI_APPLICATION = "uclg_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite by default (nothing to install); PostgreSQL in production via DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Without health checks the first request of each worker after a PostgreSQL restart fails.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SQLITE_BUSY_TIMEOUT_SECONDS = 20
IS_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# Set by the WSGI entry point only, so migrations, imports and generators are not limited;
# shorter than Gunicorn's worker timeout so a slow query fails before the worker is killed.
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=0) if IS_POSTGRESQL else 0
if IS_POSTGRESQL:
    # Form choice fields iterate querysets; a server-side cursor for each costs a DECLARE
    # WITH HOLD round trip, and server-side cursors break behind PgBouncer's transaction mode.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    # A stopped or unreachable server fails fast instead of holding a worker: 3 s to connect
    # (psycopg's minimum is 2) keeps a request on a new connection under 5 s.
    _db_options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3))
    # A server whose machine died or whose network went away: the kernel gives up on data not
    # acknowledged for 10 s, and probes an idle connection after 10 s (3 probes, 3 s apart).
    _db_options.setdefault("keepalives", 1)
    _db_options.setdefault("keepalives_idle", 10)
    _db_options.setdefault("keepalives_interval", 3)
    _db_options.setdefault("keepalives_count", 3)
    _db_options.setdefault("tcp_user_timeout", env.int("DATABASE_TCP_USER_TIMEOUT_MS", default=10_000))
    # PostgreSQL's JIT compiles every plan whose estimated cost passes `jit_above_cost`; the
    # site's queries are short, and compiling took 116 ms of a 189 ms repository count at
    # 10,000 resources. Off unless DATABASE_JIT=true.
    _server_settings = [] if env.bool("DATABASE_JIT", default=False) else ["-c jit=off"]
    if DATABASE_STATEMENT_TIMEOUT_MS:
        _server_settings.append(f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}")
    if _server_settings:
        _db_options.setdefault("options", " ".join(_server_settings))
# A hung server still acknowledges packets, so the limits above never fire; these bound the
# wait for its reply on the client (pages/database_deadlines.py). The health check of a kept
# connection must answer within 2 s; a query (web requests only, when a statement timeout is
# set) within the statement timeout plus 2 s, still under Gunicorn's 30 s.
DATABASE_HEALTH_CHECK_TIMEOUT = env.float("DATABASE_HEALTH_CHECK_TIMEOUT", default=2.0)
DATABASE_REPLY_TIMEOUT = DATABASE_STATEMENT_TIMEOUT_MS / 1000 + 2 if DATABASE_STATEMENT_TIMEOUT_MS else 0
IS_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
if IS_SQLITE:
    # Several Gunicorn workers share one file. WAL lets pages be read while an editor writes;
    # IMMEDIATE takes the write lock when a transaction begins, so a writer waits its turn
    # (up to the busy timeout, below Gunicorn's 30 s) instead of failing with "database is
    # locked" when a read transaction tries to upgrade to a write; NORMAL is WAL's safe level.
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options.setdefault("timeout", SQLITE_BUSY_TIMEOUT_SECONDS)
    _db_options.setdefault("transaction_mode", "IMMEDIATE")
    _db_options.setdefault(
        "init_command",
        f"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}; PRAGMA synchronous=NORMAL",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
# Shared by every Gunicorn worker. Redis when configured. Without it: on PostgreSQL the
# database cache (MVCC: cache writes never block editors' saves); on SQLite files in a folder,
# because a database cache would write into the site's own SQLite file on every page miss and
# hold its single write lock while editors save (README, "Performance and resilience").
REDIS_URL = env("REDIS_URL", default="")
# Created by `setup_site` whatever the cache, so Redis can be turned off later.
DATABASE_CACHE_TABLE = "django_cache"
DATABASE_CACHE = {
    # A missing table behaves like an unreachable cache instead of failing every page.
    "BACKEND": "pages.cache_backends.ForgivingDatabaseCache",
    "LOCATION": DATABASE_CACHE_TABLE,
}
FILE_CACHE_DIR = env.path("FILE_CACHE_DIR", default=BASE_DIR / "var" / "cache")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
                "IGNORE_EXCEPTIONS": True,
                # Skips Redis for a few seconds after a failure, so a hung server cannot
                # add a socket timeout to every cache call of every page.
                "REDIS_CLIENT_CLASS": "pages.redis_client.CircuitBreakerRedis",
            },
            # Lets several sites (or test runs) share one Redis.
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default=""),
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
elif IS_POSTGRESQL:
    CACHES = {"default": DATABASE_CACHE}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(FILE_CACHE_DIR),
            # Each write lists the folder to cull it: a few thousand files keep that cheap.
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }
# Wagtail reads and writes a rendition in this cache on every use of an image, a dozen
# times per listing page: a per-process memory cache keeps those calls off the network and
# the database. Its keys include the image's file hash and focal point, so a changed image
# is never shown from a stale entry.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
if not REDIS_URL:
    # The database and file caches' increment is not atomic, so a burst of simultaneous
    # requests may be undercounted by a few; that is acceptable for rate limits without Redis.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Form rate limits keep answering when the cache is down; the failure is logged.
RATELIMIT_FAIL_OPEN = True
REDIS_RETRY_AFTER_SECONDS = env.int("REDIS_RETRY_AFTER_SECONDS", default=5)

# Full-page cache of anonymous public pages (pages.cache): how long pages stay in our cache
# (0 turns it off), and how long browsers, proxies and CDNs may keep them.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=60)
# Whether stored pages are compressed (zlib; HTML shrinks about sevenfold). The database and
# file caches read every byte through SQL or the disk, so it pays there; a Redis hit is cheaper
# than the decompression.
PAGE_CACHE_COMPRESS = env.bool("PAGE_CACHE_COMPRESS", default=not REDIS_URL)
# Whether a page rendered afresh reuses the parts kept under the current version (fragments,
# facet counts, search results: pages.cache.for_this_version). Off, every miss is a full render.
PAGE_PARTS_CACHE = env.bool("PAGE_PARTS_CACHE", default=True)
# How long a shared cache (Varnish, a CDN) may keep a public page, serve it stale while it
# fetches a fresh copy, and serve it stale while the site is failing. Publishing purges the
# shared cache (pages.shared_cache), so it may keep pages for an hour when a purge backend is
# configured below; without one, no longer than browsers do.
PAGE_CACHE_STALE_WHILE_REVALIDATE = env.int("PAGE_CACHE_STALE_WHILE_REVALIDATE", default=30)
PAGE_CACHE_STALE_IF_ERROR = env.int("PAGE_CACHE_STALE_IF_ERROR", default=24 * 3600)
# How often each process looks in the database for changes made while the cache was
# unreachable (one query); a process that saw the cache fail looks at its next request.
PAGE_CACHE_PENDING_CHECK_SECONDS = env.int("PAGE_CACHE_PENDING_CHECK_SECONDS", default=5)
# Paths whose answers no cache keeps, neither the page cache nor a proxy or browser. Downloads
# are not listed: they are streamed, so the page cache never stores them, and proxies may keep
# public ones.
NEVER_CACHED_PATH_PREFIXES = ("/admin/", "/health/")

# --- Shared HTTP cache in front of the site (README, "Behind a shared cache") ------------
# wagtail.contrib.frontend_cache backends that publishing purges; none when no variable is set,
# and then nothing is sent. Several Varnish servers: a comma-separated list of their addresses.
WAGTAILFRONTENDCACHE = {}
for _number, _location in enumerate(env.list("VARNISH_PURGE_URL", default=[]), start=1):
    WAGTAILFRONTENDCACHE[f"varnish-{_number}"] = {
        "BACKEND": "pages.shared_cache.VarnishBackend",
        "LOCATION": _location,
        "TIMEOUT": env.float("VARNISH_PURGE_TIMEOUT", default=5.0),
    }
if env("CLOUDFLARE_ZONEID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env("CLOUDFLARE_ZONEID"),
        # An API token with the "Cache Purge" permission, or the older e-mail and global key.
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN", default=None),
        "EMAIL": env("CLOUDFLARE_EMAIL", default=None),
        "API_KEY": env("CLOUDFLARE_API_KEY", default=None),
    }
if env("CLOUDFRONT_DISTRIBUTION_ID", default=""):
    # Credentials come from the usual AWS variables or the machine's role.
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
    }
# Each translation is a page of its own, published and purged by its own address: Wagtail's
# default would also purge every page's address rewritten under each other language's prefix.
WAGTAILFRONTENDCACHE_LANGUAGES = []
PAGE_CACHE_SHARED_MAX_AGE = env.int(
    "PAGE_CACHE_SHARED_MAX_AGE", default=3600 if WAGTAILFRONTENDCACHE else PAGE_CACHE_MAX_AGE
)

# --- Auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login lockout: failures are counted per client address as the site sees it, so a
# forged X-Forwarded-For cannot spread attempts over made-up addresses.
AXES_CLIENT_IP_CALLABLE = "pages.protection.client_ip"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
# Failures count per account and address (locked at AXES_FAILURE_LIMIT) and per address alone
# (locked at AXES_ADDRESS_FAILURE_LIMIT); a success clears only that account's failures from
# that address, so logging in to another account cannot reset the count (pages/lockout.py).
AXES_HANDLER = "pages.lockout.AccountAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
# The admin's "forgot password" form sends at most this many emails per client address and
# per account (pages/password_reset.py); past them it answers the same and sends nothing.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "pages.password_reset.ThrottledPasswordResetForm"
PASSWORD_RESET_RATE_PER_ADDRESS = env("PASSWORD_RESET_RATE_PER_ADDRESS", default="5/h")
PASSWORD_RESET_RATE_PER_ACCOUNT = env("PASSWORD_RESET_RATE_PER_ACCOUNT", default="3/h")

# --- Internationalisation -------------------------------------------------------------
# Each language is named in itself, as the language switcher shows it. Adding one to the site is
# configuration (SITE_LANGUAGES, plus its name here when it is new) and translations, not code.
LANGUAGE_NAMES = {
    "en": "English",
    "id": "Bahasa Indonesia",
    "zh-hans": "简体中文",
    "ko": "한국어",
    "th": "ไทย",
    "vi": "Tiếng Việt",
    "hi": "हिन्दी",
}
SITE_LANGUAGES = env.list("SITE_LANGUAGES", default=["en", "id", "zh-hans", "ko"])
LANGUAGE_CODE = "en"
if LANGUAGE_CODE not in SITE_LANGUAGES:
    # English is the source language of every page: its URLs carry no prefix.
    SITE_LANGUAGES.insert(0, LANGUAGE_CODE)
LANGUAGES = [(code, LANGUAGE_NAMES.get(code, code)) for code in SITE_LANGUAGES]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates follow the language: Django's formats, except where this package states the site's own.
FORMAT_MODULE_PATH = ["uclg_site.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
# A copy of the old WordPress site's wp-content/uploads folder on the server, where the admin's
# WordPress import reads attachments (the command takes --media-dir instead).
WORDPRESS_MEDIA_DIR = env("WORDPRESS_MEDIA_DIR", default="")
# Documents on the local disk leave through pages.downloads: streamed with byte ranges, or,
# behind nginx, handed to it with X-Accel-Redirect to this internal location (see the README).
SENDFILE_BACKEND = "pages.downloads"
DOCUMENTS_ACCEL_REDIRECT_PREFIX = env("DOCUMENTS_ACCEL_REDIRECT_PREFIX", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Form fields other than files may take 5 MB; a file over 2.5 MB streams to a temporary file
# instead of memory; a request body over MAX_REQUEST_BODY_BYTES (the largest upload, 50 MB
# documents, plus room for the form) is refused from its Content-Length before it is read.
# The reverse proxy refuses it even earlier (client_max_body_size, see the README).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=60 * 1024 * 1024)
# Several application servers need shared media: S3-compatible object storage when configured.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    # Documents stay private in the bucket and go through Wagtail's serve view, which checks
    # collection privacy; image renditions are public files.
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=True)
    AWS_S3_FILE_OVERWRITE = False
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Email ----------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="UCLG ASPAC <no-reply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", default="UCLG ASPAC")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "pages.SiteImage"
WAGTAILDOCS_DOCUMENT_MODEL = "pages.SiteDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "doc", "docx", "odt", "ppt", "pptx", "odp", "xls", "xlsx", "ods", "csv", "txt", "zip",
]  # fmt: skip
# Background work (PDF text and checks, thumbnails, newsletter emails, Wagtail's own tasks)
# is queued in the database and run by `manage.py run_worker`, which also publishes
# scheduled pages every minute.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Limits of the child process that reads one PDF on the worker; a file over them is kept and
# marked "text not extracted" for staff.
PDF_WORKER_CPU_SECONDS = env.int("PDF_WORKER_CPU_SECONDS", default=20)
PDF_WORKER_WALL_SECONDS = env.int("PDF_WORKER_WALL_SECONDS", default=40)
PDF_WORKER_MEMORY_MB = env.int("PDF_WORKER_MEMORY_MB", default=1024)
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("WAGTAILDOCS_MAX_UPLOAD_SIZE", default=50 * 1024 * 1024)
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Counts every frame of an animated GIF against the pixel limit.
WAGTAILIMAGES_IMAGE_FORM_BASE = "pages.forms.SiteImageForm"
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Wagtail's database backend, indexing each page in its own language on PostgreSQL
# (pages/search_backend.py); SEARCH_CONFIG stems what has no language (documents, members).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "pages.search_backend",
        "SEARCH_CONFIG": "english",
    }
}

# --- Security (tightened further in production.py) -----------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
# Everything from this host only: no inline script or style anywhere on the public site.
# The admin relies on inline styles and scripts, so it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if AWS_STORAGE_BUCKET_NAME:
    # Images are served straight from the bucket (or its CDN domain).
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"https://{AWS_S3_CUSTOM_DOMAIN}" if AWS_S3_CUSTOM_DOMAIN else AWS_S3_ENDPOINT_URL or "https://*.amazonaws.com"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        # Every background task logs twice at INFO; only failures matter.
        "django_tasks": {"level": "WARNING"},
    },
}

# --- Public forms (pages.protection) ---------------------------------------------------
FORM_RATE_LIMIT = env("FORM_RATE_LIMIT", default="20/h")
# Downloads of the repository's CSV export per client address (each can take seconds).
EXPORT_RATE_LIMIT = env("EXPORT_RATE_LIMIT", default="10/10m")
FORM_MIN_SECONDS = env.int("FORM_MIN_SECONDS", default=3)
FORM_MAX_AGE_SECONDS = env.int("FORM_MAX_AGE_SECONDS", default=2 * 3600)
