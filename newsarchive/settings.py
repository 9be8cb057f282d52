"""Settings for the news archive, read from environment variables.

Development defaults are safe to run locally (SQLite + Whoosh under ./var/).
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
usually DATABASE_URL; the app refuses to start without a secret key when
DEBUG is off.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off the archive will not start "
            "without a secret key: set DJANGO_SECRET_KEY to a long random string, e.g. the "
            "output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# Where the SQLite file and the Whoosh index live.
DATA_DIR = Path(os.environ.get("NEWSARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "haystack",
    "articles",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsarchive.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware without Accept-Language: Arabic unless chosen (newsarchive/language.py).
    "newsarchive.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsarchive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsarchive.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'archive.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (gunicorn workers) keep reading while an ingest or an
    # editor writes; IMMEDIATE transactions avoid "database is locked" on upgrade.
    # Connections persist like PostgreSQL's (conn_max_age above): opening the
    # file and setting WAL cost 0.9 ms CPU, about 5 % of an average request.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("NEWSARCHIVE_STATIC_ROOT", DATA_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve files straight from the apps' static folders in development, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Search: Haystack with our Arabic Whoosh backend (search/backends.py).
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "search.backends.ArabicWhooshEngine",
        "PATH": os.environ.get("NEWSARCHIVE_INDEX_DIR", str(DATA_DIR / "whoosh_index")),
    }
}
# Past one machine: Elasticsearch 7 / OpenSearch instead of Whoosh (docs/scaling.md).
if os.environ.get("NEWSARCHIVE_ELASTICSEARCH_URL"):
    HAYSTACK_CONNECTIONS["default"] = {
        "ENGINE": "search.elasticsearch.backend.ArabicElasticsearchEngine",
        "URL": os.environ["NEWSARCHIVE_ELASTICSEARCH_URL"],
        # An alias; rebuilds fill a new index behind it and swap.
        "INDEX_NAME": os.environ.get("NEWSARCHIVE_ELASTICSEARCH_INDEX", "newsarchive"),
        # search/writer_lock.py keeps its lock file beside this path.
        "PATH": HAYSTACK_CONNECTIONS["default"]["PATH"],
    }
# Left on, Haystack runs an extra unlimited search per query to list models
# (measured 153 ms -> 43 ms per query at 10k articles when off).
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False
# Index after the database transaction commits, never inside it.
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.OnCommitSignalProcessor"

NEWSARCHIVE_PAGE_SIZE = 10
NEWSARCHIVE_MAX_PAGE_SIZE = 100
# At most this many results in a CSV or JSON export; more and the reader is asked to narrow the search.
NEWSARCHIVE_EXPORT_MAX_ROWS = os.environ.get("NEWSARCHIVE_EXPORT_MAX_ROWS", "1000").strip()
if not NEWSARCHIVE_EXPORT_MAX_ROWS.isdecimal() or int(NEWSARCHIVE_EXPORT_MAX_ROWS) < 1:
    raise ImproperlyConfigured("NEWSARCHIVE_EXPORT_MAX_ROWS must be a whole number of at least 1.")
NEWSARCHIVE_EXPORT_MAX_ROWS = int(NEWSARCHIVE_EXPORT_MAX_ROWS)
# How dates are shown: "latin" digits (5 سبتمبر 2024, as most Arab news sites
# write them) or "arabic" (٥ سبتمبر ٢٠٢٤); and whether the Hijri date follows.
NEWSARCHIVE_DATE_DIGITS = os.environ.get("NEWSARCHIVE_DATE_DIGITS", "latin")
NEWSARCHIVE_SHOW_HIJRI = env_bool("NEWSARCHIVE_SHOW_HIJRI", False)
if NEWSARCHIVE_DATE_DIGITS not in ("latin", "arabic"):
    raise ImproperlyConfigured("NEWSARCHIVE_DATE_DIGITS must be 'latin' or 'arabic'.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Pages use only the archive's own static files: no inline scripts or styles,
# no other hosts (newsarchive/security.py). data: is for the admin's SVG icons.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browsers must not send the CSRF or session cookie to scripts.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    # Production is served over HTTPS (usually behind a proxy that terminates
    # TLS). DJANGO_HTTPS=0 is for plain http on loopback (tests, benchmarks);
    # `check --deploy` then rightly warns. DJANGO_SECURE_COOKIES is the older name.
    HTTPS = env_bool("DJANGO_HTTPS", env_bool("DJANGO_SECURE_COOKIES", True))
    SESSION_COOKIE_SECURE = HTTPS
    LANGUAGE_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", True)
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        # Only behind a proxy that sets this header itself and strips it from clients.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # HSTS starts at one hour so a broken certificate cannot lock readers out for
    # long; raise DJANGO_HSTS_SECONDS to 31536000 once HTTPS is known to work.
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "3600")) if HTTPS else 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # security.W021: preloading puts the domain in browsers' built-in HTTPS
        # lists, hard to undo; a decision for the domain's owner, off by default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
