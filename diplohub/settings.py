"""DiploHub settings: one module, every deployment difference an environment variable.

Development needs DEBUG=true and nothing else (SQLite file in the project); `make run` and
the tests set it. DEBUG is off unless set, and then a missing or unsafe SECRET_KEY or
ALLOWED_HOSTS stops start-up with a clear message.
See `.env.example` for every variable.
"""

import os
import re
import tempfile
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless set: an operator who forgets it runs in production mode, which refuses to start
# without a real SECRET_KEY and ALLOWED_HOSTS. `make run`, CI and the tests set DEBUG=true.
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DEBUG is off: set SECRET_KEY to a random string of at least 50 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DEBUG is off: set ALLOWED_HOSTS (comma-separated host names).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "catalogue",
    "countries",
    "initiatives",
    "corrections",
    "explore",
]

MIDDLEWARE = [
    # First, so that CORS headers reach every /api/ response, redirects and errors included.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages per client address, before any work is done for them (catalogue.throttling).
    "catalogue.throttling.PageRateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change (admin and API writes) in the records' history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Locks out repeated failed logins to the admin (django-axes).
    "axes.middleware.AxesMiddleware",
    # Last, so that its process_exception sees a lost database first: 503, not 500.
    "catalogue.health.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "diplohub.urls"

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

WSGI_APPLICATION = "diplohub.wsgi.application"

# Unset DATABASE_URL: the embedded SQLite file. postgres://... : PostgreSQL through psycopg 3.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# PostgreSQL: no statement runs longer than DATABASE_STATEMENT_TIMEOUT seconds (0: no limit;
# the loader and the benchmark's bulk loads may raise it), and a database that does not
# answer fails a connection after DATABASE_CONNECT_TIMEOUT seconds instead of hanging a
# worker. A cancelled statement answers 503 (catalogue.health).
# random_page_cost 1.1, PostgreSQL's advice for SSDs and for data held in memory (its
# default of 4 assumes spinning disks): a list filtered by a country and a pillar then
# probes the pillar links of the country's 1,200 programmes instead of reading all 66,000
# of the pillar's, 25 -> 12 ms at 100,000 programmes. A server already set so can drop it.
DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT") or "10")
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT") or "3")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": DATABASE_CONNECT_TIMEOUT,
            "options": (
                f"-c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)}"
                " -c random_page_cost=1.1"
            ),
        }
    )

# The local-memory cache is the embedded default; several app processes share Redis
# (REDIS_URL=redis://127.0.0.1:6379/0, through django-redis), so that rate limits, cached
# pages and facets are common.
# The cache fails soft: should Redis refuse, hang or be full, every read is a miss and every
# write is dropped (IGNORE_EXCEPTIONS, logged) within REDIS_TIMEOUT seconds, after which
# the process leaves Redis alone for REDIS_PAUSE_SECONDS; the site renders without it, rate
# limits let requests through, /readyz says "cache degraded". Give Redis a maxmemory with
# an LRU policy (README).
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT") or "0.25")
# Once Redis has failed, each process leaves it alone this long (catalogue.caching).
REDIS_PAUSE_SECONDS = float(os.environ.get("REDIS_PAUSE_SECONDS") or "5")


def redis_cache(url: str) -> dict:
    return {
        "BACKEND": "catalogue.caching.FailSoftRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_TIMEOUT,
            "IGNORE_EXCEPTIONS": True,
        },
    }


CACHES = {
    "default": (
        redis_cache(REDIS_URL)
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# The paper every record rests on, and the fixtures the catalogue is loaded from.
PAPER_PATH = BASE_DIR / "seeds" / "000_a8119b8d1c4f0761.txt"
CATALOGUE_DIR = BASE_DIR / "fixtures"
# Where the dataset's release (catalogue.release) is built, once per catalogue version (older
# ones are removed); every process serving the site should share it.
ARCHIVE_DIR = Path(
    os.environ.get("ARCHIVE_DIR") or Path(tempfile.gettempdir()) / "diplohub-archive"
)
# The site's public address, for what is built without a request to take it from (a
# release of the dataset: its records' links). Default: http://localhost:8000 while DEBUG is
# on, else https:// and the first of ALLOWED_HOSTS if that is one plain host name.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
if not SITE_URL:
    if DEBUG:
        SITE_URL = "http://localhost:8000"
    elif ALLOWED_HOSTS[0].startswith(".") or "*" in ALLOWED_HOSTS[0]:
        raise ImproperlyConfigured(
            "Set SITE_URL (e.g. https://diplohub.example.org): the first of ALLOWED_HOSTS "
            "is a pattern, not the site's address."
        )
    else:
        SITE_URL = f"https://{ALLOWED_HOSTS[0]}"
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")
# The world map's country shapes (TopoJSON), which `make vendor` copies from the world-atlas
# npm package; without the file the pages show their lists alone.
WORLD_MAP_SHAPES = BASE_DIR / "static" / "vendor" / "world-atlas" / "countries-110m.json"

# --------------------------------------------------------------------------- REST API
# Anonymous clients are rate limited (DRF syntax: a number, "/", second, minute, hour or day).
# Behind N reverse proxies set API_NUM_PROXIES=N, so that clients are told apart by the
# X-Forwarded-For address their proxy saw; with 0 (direct), the header is ignored.
_RATE_PERIODS = {"s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day"}


def env_rate(name: str, default: str) -> str:
    rate = os.environ.get(name) or default
    count, _, period = rate.partition("/")
    if not (count.isdigit() and period and period.removesuffix("s") in _RATE_PERIODS | {""}):
        raise ImproperlyConfigured(
            f"{name} must look like 600/minute (second, minute, hour or day), not {rate!r}."
        )
    return rate


API_ANON_RATE = env_rate("API_ANON_RATE", "600/minute")
# API requests per token holder, and failed token authentications per client address.
API_USER_RATE = env_rate("API_USER_RATE", "1200/minute")
API_AUTH_FAILURE_RATE = env_rate("API_AUTH_FAILURE_RATE", "30/minute")
# Pages per client address (not the API, the admin, static files or the health checks).
PAGE_RATE = env_rate("PAGE_RATE", "300/minute")
# Whole-list downloads (exports, feeds, the archive) per client address, token or not
# (catalogue.throttling).
DOWNLOAD_RATE = env_rate("DOWNLOAD_RATE", "60/minute")
API_NUM_PROXIES = int(os.environ.get("API_NUM_PROXIES") or "0")
# An API token stops working this many days after it was created (0: never); the admin
# replaces it (catalogue.api.authentication).
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS") or "90")
# The authority of the Atom feeds' entry ids, `tag:` URIs (RFC 4151): a domain the site's
# owner held on a date, so ids stay the same whichever host name a reader polls.
FEED_TAG_AUTHORITY = os.environ.get("FEED_TAG_AUTHORITY") or "diplohub.example.org,2026"
if not re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,},\d{4}(-\d{2}){0,2}", FEED_TAG_AUTHORITY):
    raise ImproperlyConfigured(
        "FEED_TAG_AUTHORITY must be a domain and a date, as in diplohub.example.org,2026, "
        f"not {FEED_TAG_AUTHORITY!r}."
    )

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "catalogue.api.schema.CatalogueAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["catalogue.api.authentication.ExpiringTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["catalogue.api.permissions.CataloguePermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["catalogue.api.parsers.CatalogueJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "catalogue.api.negotiation.CatalogueContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "catalogue.api.pagination.CataloguePagination",
    # Counted in the default cache: per process with local memory, shared with Redis.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "catalogue.throttling.TokenHolderRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": API_ANON_RATE,
        "user": API_USER_RATE,
        "auth_failures": API_AUTH_FAILURE_RATE,
        "pages": PAGE_RATE,
        "downloads": DOWNLOAD_RATE,
        # Readers' suggested corrections per client address (corrections.views).
        "corrections": "10/minute",
    },
    "NUM_PROXIES": API_NUM_PROXIES,
    "EXCEPTION_HANDLER": "catalogue.api.errors.api_exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "DiploHub API",
    "DESCRIPTION": (
        "The reference catalogue of science and technology diplomacy, from A. Roig, *Science "
        "and Technology Diplomacy* (Instituto Matías Romero, 2020). Every record carries the "
        "verbatim passages of the paper it rests on. Anyone may read; writing needs a token. "
        "Lists take the same filters as the site's pages, `page` and `page_size` (at most "
        "200), `fields`, and `format=csv`; every error has the `Error` shape."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "TAGS": [
        {"name": "pillars", "description": "The paper's three pillars of science diplomacy."},
        {"name": "countries", "description": "Countries, by ISO 3166-1 alpha-2 code."},
        {"name": "cities", "description": "Cities, regions and places the paper names."},
        {"name": "institutions", "description": "Ministries, agencies, academies, networks."},
        {"name": "programmes", "description": "Every initiative the paper describes."},
        {"name": "references", "description": "The paper's footnotes, by number."},
        {"name": "catalogue", "description": "The API's root and the whole-catalogue archive."},
    ],
    "ENUM_NAME_OVERRIDES": {
        "RegionEnum": "countries.models.Region",
        "SubregionEnum": "countries.models.SubRegion",
        "CityKindEnum": "countries.models.City.Kind",
        "InstitutionKindEnum": "initiatives.models.Institution.Kind",
        "ProgrammeKindEnum": "initiatives.models.Programme.Kind",
        "ProgrammeStatusEnum": "initiatives.models.Programme.Status",
        "InstitutionRoleEnum": "initiatives.models.ProgrammeInstitution.Role",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "catalogue.api.schema.postprocess_errors",
    ],
}

# CORS: anyone may read the API from a browser on any origin. Writes use a token header, not
# cookies, so allowing them cross-origin exposes nothing.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Disposition", "Link"]
# Conditional requests from a browser: revalidating reads, and writes that name what they read.
CORS_ALLOW_HEADERS = (*default_headers, "if-match", "if-none-match")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --------------------------------------------------------------------------- security
# HTTPS settings are on whenever DEBUG is off; each can be set by the environment, e.g. for a
# TLS-terminating proxy (SECURE_PROXY_SSL_HEADER=true trusts its X-Forwarded-Proto header).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # plain-HTTP probes from the balancer
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): every script and asset comes from this site; no inline
# script. Inline style attributes stay allowed (SVG pictures use them); scripts never.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Admin logins (django-axes, failures kept in the database): counted per client address,
# whatever the usernames tried (password spraying), the address read as the API reads it
# (behind API_NUM_PROXIES proxies, from X-Forwarded-For), so a proxy's address never stands
# for everyone. Not a hard lockout but a progressive delay (catalogue.logins): once an address
# has failed AXES_FAILURE_LIMIT times it waits LOGIN_DELAY_SECONDS after that failure, each
# further failure doubling the wait, up to LOGIN_DELAY_MAX_SECONDS; logins tried while it waits
# are refused unchecked and not counted. Failures are forgotten AXES_COOLOFF_HOURS after the
# last one, or at a successful login.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "catalogue.logins.ProgressiveDelayHandler"
AXES_LOCKOUT_CALLABLE = "catalogue.logins.login_delay_response"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "24"))
LOGIN_DELAY_SECONDS = float(os.environ.get("LOGIN_DELAY_SECONDS", "30"))
LOGIN_DELAY_MAX_SECONDS = float(os.environ.get("LOGIN_DELAY_MAX_SECONDS", "3600"))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "catalogue.throttling.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
