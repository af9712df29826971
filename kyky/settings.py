"""KYKY settings: everything that differs between machines comes from the environment (12-factor).

The defaults need nothing but Python (SQLite under data/, e-mail to the console, tasks run at once).
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL; see README.md.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kyky.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("KYKY_DATA_DIR", str(BASE_DIR / "data")))

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) to a long random string, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG=1-" + "x" * 20

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS to the comma-separated host names KYKY is served on.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The reverse proxies and load balancers in front of KYKY (comma-separated addresses or CIDRs). Only a request
# from one of them may name the client in X-Forwarded-For; login limits and throttles key on that client.
TRUSTED_PROXIES = env_list("KYKY_TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(
            f"KYKY_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network (a CIDR such as 10.0.0.0/8)."
        ) from _exc

# Public base URL, used in links that leave the site (e-mails, the QR code on agreement PDFs).
SITE_URL = env_str("KYKY_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "Set KYKY_SITE_URL to the public address KYKY is served on, e.g. https://kyky.example.fi: "
        "links in e-mails and the QR codes on sealed agreements point there."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "kyky.core",  # before django_tasks_db: its db_worker (kyky/core/management/commands/) outlives database outages
    "csp",
    "django_tasks",
    "django_tasks_db",
    "kyky.accounts",
    "kyky.catalog",
    "kyky.pilots",
    "kyky.matching",
    "contracts",
    "kyky.references",
    "kyky.privacy",
    "kyky.process",
    "frontend",
]

MIDDLEWARE = [
    "kyky.views.BodySizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database that is away answers 503 with Retry-After, not 500 (kyky/middleware.py).
    "kyky.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kyky.urls"
WSGI_APPLICATION = "kyky.wsgi.application"
ASGI_APPLICATION = "kyky.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: SQLite under data/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{DATA_DIR / 'kyky.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# How long opening a database connection may take before the request answers 503 (kyky/middleware.py).
DB_CONNECT_TIMEOUT = env_int("KYKY_DB_CONNECT_TIMEOUT", 3)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": DB_CONNECT_TIMEOUT,
        # A connection whose peer vanished (a network cut, a host that died) fails within seconds instead
        # of waiting for TCP's retransmissions for a quarter of an hour: unacknowledged data may wait this
        # long (milliseconds; Linux), and idle connections are probed.
        "tcp_user_timeout": DB_CONNECT_TIMEOUT * 1000,
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 2,
        "keepalives_count": 2,
        **DATABASES["default"].get("OPTIONS", {}),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent writers queue instead of
    # failing with "database is locked" halfway through a transition.
    # A request that still finds the database locked after KYKY_SQLITE_TIMEOUT seconds answers 503.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": env_int("KYKY_SQLITE_TIMEOUT", 20)}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file too: an in-memory database shares its cache between threads and then fails
    # with "table is locked" instead of waiting, which would hide how concurrent requests really behave.
    # One file per test process, so that two test runs on one machine never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test_kyky_{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Sign-in through the city's OpenID Connect provider, besides passwords (see README.md). The endpoints
# and keys are discovered from the issuer; the provider registers <site>/oidc/callback/.
OIDC_ISSUER = env_str("KYKY_OIDC_ISSUER").rstrip("/")
OIDC_RP_CLIENT_ID = env_str("KYKY_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_secret("KYKY_OIDC_CLIENT_SECRET", "") or ""
OIDC_NAME = env_str("KYKY_OIDC_NAME")  # the button says "Sign in with <name>"
OIDC_RP_SIGN_ALGO = env_str("KYKY_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_TOKEN_USE_BASIC_AUTH = True  # client_secret_basic, the OpenID default
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/oidc/refused/"
SIGNING_REQUIRES_OIDC = env_bool("KYKY_SIGNING_REQUIRES_OIDC", default=False)
if OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "KYKY_OIDC_ISSUER is set: also set KYKY_OIDC_CLIENT_ID and KYKY_OIDC_CLIENT_SECRET (or KYKY_OIDC_CLIENT_SECRET_FILE)."
    )
if SIGNING_REQUIRES_OIDC and not OIDC_ISSUER:
    raise ImproperlyConfigured("KYKY_SIGNING_REQUIRES_OIDC=1 needs an identity provider: set KYKY_OIDC_ISSUER.")
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend", "kyky.accounts.oidc.OIDCBackend"]

# Failed logins, counted per window: after this many failures for one e-mail from one address, further
# attempts for that pair answer 429; the account alone takes KYKY_LOGIN_ACCOUNT_FAILURE_LIMIT failures
# from all addresses together. An address with many failures (unknown e-mails too) is refused only for
# wrong passwords: a correct one still gets in, so no client can lock out the others behind its address.
LOGIN_FAILURE_LIMIT = env_int("KYKY_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("KYKY_LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
LOGIN_CLIENT_FAILURE_LIMIT = env_int("KYKY_LOGIN_CLIENT_FAILURE_LIMIT", 100)
LOGIN_FAILURE_WINDOW = env_int("KYKY_LOGIN_FAILURE_WINDOW", 15 * 60)
# Password resets by e-mail: one address gets at most KYKY_PASSWORD_RESET_EMAIL_LIMIT e-mails per window (more
# requests are answered the same way, and nothing is sent); one client may ask KYKY_PASSWORD_RESET_CLIENT_LIMIT
# times per window, then gets 429. The link in the e-mail works for KYKY_PASSWORD_RESET_TIMEOUT seconds, once.
PASSWORD_RESET_EMAIL_LIMIT = env_int("KYKY_PASSWORD_RESET_EMAIL_LIMIT", 3)
PASSWORD_RESET_CLIENT_LIMIT = env_int("KYKY_PASSWORD_RESET_CLIENT_LIMIT", 30)
PASSWORD_RESET_WINDOW = env_int("KYKY_PASSWORD_RESET_WINDOW", 60 * 60)
PASSWORD_RESET_TIMEOUT = env_int("KYKY_PASSWORD_RESET_TIMEOUT", 24 * 60 * 60)

# The cache holds the login and feedback counters, so every worker must share it: Redis when REDIS_URL is
# set, otherwise the database (`manage.py createcachetable` creates its table). Memory only with debug on.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {"default": {"BACKEND": "kyky.core.cache.DatabaseCache", "LOCATION": "kyky_cache"}}

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# 12.1.2027 in Finnish and Swedish, 12 January 2027 in English: see kyky/formats/.
FORMAT_MODULE_PATH = ["kyky.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("DJANGO_EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "KYKY <kyky@localhost>")
# Seconds an SMTP connection may take before the send fails (and is retried later by the worker).
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
# Where the accessibility feedback form sends its messages.
FEEDBACK_EMAIL = env_str("KYKY_FEEDBACK_EMAIL")  # empty: DEFAULT_FROM_EMAIL
# How many feedback messages one address may send per hour.
FEEDBACK_LIMIT_PER_HOUR = env_int("KYKY_FEEDBACK_LIMIT_PER_HOUR", 5)

# The electronic seal on signed agreements (PAdES): the city's e-seal certificate and key as a
# PKCS#12 file and its password; a timestamp authority (RFC 3161) makes the seals B-T. With debug on
# and nothing set, the development seal that `manage.py create_dev_seal` writes under data/.
SEAL_P12_FILE = env_str("KYKY_SEAL_P12_FILE")
SEAL_PASSWORD = env_secret("KYKY_SEAL_PASSWORD")
SEAL_PASSWORD_FILE = ""
TSA_URL = env_str("KYKY_TSA_URL")
if not SEAL_P12_FILE:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set KYKY_SEAL_P12_FILE to the PKCS#12 file of the city's e-seal certificate and KYKY_SEAL_PASSWORD "
            "(or KYKY_SEAL_PASSWORD_FILE) to its password, or set DJANGO_DEBUG=1 to use a development seal."
        )
    SEAL_P12_FILE = str(DATA_DIR / "seal" / "dev-seal.p12")
    SEAL_PASSWORD_FILE = "" if SEAL_PASSWORD else str(DATA_DIR / "seal" / "dev-seal.password")
elif SEAL_PASSWORD is None:
    raise ImproperlyConfigured(
        "Set KYKY_SEAL_PASSWORD (or KYKY_SEAL_PASSWORD_FILE) to the password of KYKY_SEAL_P12_FILE."
    )

# Personal data of a completed pilot (contact details, written evaluations) is removed this many months after
# its completion by `manage.py apply_retention` (run it daily); the figures and the signed PDFs stay.
RETENTION_MONTHS = env_int("KYKY_RETENTION_MONTHS", 24)
if RETENTION_MONTHS < 1:
    raise ImproperlyConfigured("KYKY_RETENTION_MONTHS must be a whole number of months, at least 1.")

# Background work through the django-tasks API: run at once by default; production uses django-tasks-db
# (KYKY_TASKS_BACKEND=django_tasks_db.DatabaseBackend, with `manage.py db_worker` running) or a Redis backend.
TASKS = {"default": {"BACKEND": env_str("KYKY_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# Each process keeps the code lists (subjects, levels, languages, municipalities) in memory this many seconds:
# filters check codes and lists name them without a query. A code added in the admin shows everywhere after it.
CODE_CACHE_SECONDS = env_int("KYKY_CODE_CACHE_SECONDS", 60)

# Kept answers to the busiest reads (the proposal and need lists, matches, the list pages), per user, in each
# process's memory up to this many bytes (0: off), served only while no data has changed since they were built
# (kyky/core/read_cache.py), and at most this many seconds. Off by default when the cache is each process's
# own memory (DEBUG without REDIS_URL): a command in another process could not tell the server of its writes.
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith("LocMemCache")
READ_CACHE_BYTES = env_int("KYKY_READ_CACHE_BYTES", 32 * 1024 * 1024 if _SHARED_CACHE else 0)
READ_CACHE_SECONDS = env_int("KYKY_READ_CACHE_SECONDS", 60)

# How many days the two sides of a matchmaking round's offer have to answer it.
OFFER_RESPONSE_DAYS = env_int("KYKY_OFFER_RESPONSE_DAYS", 14)

# Security: on by default whenever debug is off.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Cookies: Secure with debug off (above), never readable by scripts, and not sent on cross-site requests
# (Lax lets a link from an e-mail arrive signed in; POSTs from elsewhere come without the session).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp): scripts and styles only from our own origin, no inline code and no
# eval; a template that really needs an inline script gives it nonce="{{ request.csp_nonce }}". htmx's own
# indicator styles are off (base.html) and live in kyky.css. The API docs (Swagger UI) build their layout
# with inline styles, so that one page also allows inline styles (kyky/urls.py); its script is a file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

# API tokens (POST /api/v1/auth/token/) expire this many hours after they were issued; they are stored hashed.
TOKEN_TTL_HOURS = env_int("KYKY_TOKEN_TTL_HOURS", 10)
if TOKEN_TTL_HOURS < 1:
    raise ImproperlyConfigured("KYKY_TOKEN_TTL_HOURS must be a whole number of hours, at least 1.")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kyky.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "kyky.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "kyky.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "kyky.api.errors.exception_handler",
    # The browsable API only while developing: in production every answer is JSON.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_PARSER_CLASSES": ["kyky.api.parsers.StrictJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "KYKY API",
    "DESCRIPTION": "Pilot proposals, learning needs, matching and co-development agreements between "
    "schools, day-care centres and companies. Authenticate with POST /api/v1/auth/token/ and send "
    "`Authorization: Token <token>` until its `expiry`; POST /api/v1/auth/logout/ revokes it.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ProposalStatusEnum": "kyky.pilots.models.Proposal.Status",
        "NeedStatusEnum": "kyky.pilots.models.Need.Status",
        "DeliveryEnum": "kyky.pilots.models.Proposal.Delivery",
        "ApplicationStatusEnum": "kyky.pilots.models.Application.Status",
        "PilotStatusEnum": "kyky.pilots.models.Pilot.Status",
        "AgreementStatusEnum": "contracts.models.Agreement.Status",
        "SideEnum": "kyky.pilots.models.Application.Side",
        "RoundStatusEnum": "kyky.matching.models.Round.Status",
        "OfferStatusEnum": "kyky.matching.models.Offer.Status",
        "OfferAnswerEnum": "kyky.matching.models.Offer.Answer",
        "UserLanguageEnum": "kyky.accounts.models.User.LANGUAGES",
        "NotificationsEnum": "kyky.accounts.models.User.Notifications",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every render at INFO; only their problems are worth a line.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
