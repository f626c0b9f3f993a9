"""Settings for the CSTO Wiki, read from the environment only (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set DJANGO_SECRET_KEY to a long random value, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "treebeard",
    "reversion",
    "csp",
    "axes",
    "apps.core",
    "apps.bodies",
    "apps.membership",
    "apps.documents",
    "apps.meetings",
    "apps.wiki",
    "apps.search",
    "apps.site",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "apps.exchange",
    "apps.api",
    # Last: its ready() collects every admin.py, once the apps have registered their models with the wiki.
    "apps.wiki.admin_config.WikiAdminConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.RejectNulMiddleware",
    # Outside everything that makes a page's bytes and headers, so that what it stores is what readers get;
    # inside the HTTPS redirect. See apps/core/page_cache_middleware.py.
    "apps.core.page_cache_middleware.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address alone (/ru/… Russian, every other address English), never from
    # Accept-Language or a cookie: the page cache keys by address and its language (csto_wiki/urls.py).
    # Before CommonMiddleware, whose slash redirect must see the language prefix resolved.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside CommonMiddleware, which sets Content-Length on the way out: a dated page's links keep its date.
    "apps.core.middleware.AsOfLinksMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: anonymous reads may go to a replica, a signed-in user's never (apps/core/routing.py).
    "apps.core.routing.DatabaseRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "csto_wiki.urls"

# The site's pages run no script of their own and embed nothing: a strict policy. The admin is left out:
# its widgets (and treebeard's drag and drop) use inline script, and only staff reach it.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/ru/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Sign-in throttling (django-axes): after 5 wrong passwords for one account, or from one client address,
# sign-in is refused for 15 minutes with a page that says so; an administrator lifts it sooner
# (`manage.py axes_reset_username NAME`, `axes_reset_ip ADDRESS`, or the admin's "Access attempts").
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "apps.core.middleware.client_ip"

# The read API (/api/, apps.api): read-only JSON, paginated, anonymous clients throttled per address (in the
# configured cache: local memory per process unless a shared cache is configured). Signed-in users are not
# throttled; sessions are the only way to sign in (no passwords sent to the API).
API_PAGE_SIZE = int(os.environ.get("DJANGO_API_PAGE_SIZE", "50"))
API_MAX_PAGE_SIZE = int(os.environ.get("DJANGO_API_MAX_PAGE_SIZE", "200"))
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["apps.api.throttling.AnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("DJANGO_API_ANON_RATE", "100/minute")},
    "DEFAULT_PAGINATION_CLASS": "apps.api.pagination.Pagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CSTO Wiki read API",
    "DESCRIPTION": (
        "Read-only JSON for every kind of record of the CSTO Wiki, each with the sources it cites. "
        "Dates are given as written (EDTF: 2022, 2022-03, 2022-03-03, 2022?) with their earliest and latest days."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)"
# A body's admin page carries a form row per membership, post and citation: Django's default of 1,000
# fields refused the save of a body with 85 memberships with a bare 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.travel.as_of_context",
            ],
        },
    },
]

WSGI_APPLICATION = "csto_wiki.wsgi.application"

SQLITE_PATH = BASE_DIR / "var" / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A streaming replica of the primary (PostgreSQL), read by anonymous visitors' requests while it keeps up:
# apps/core/routing.py says which reads go where. Tests never create a database on it: they read the default.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
    DATABASE_ROUTERS = ["apps.core.routing.ReplicaRouter"]
# Past this many seconds behind the primary the replica is not read; its state is asked again this often.
DATABASE_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("DATABASE_REPLICA_MAX_LAG_SECONDS", "10"))
DATABASE_REPLICA_CHECK_SECONDS = float(os.environ.get("DATABASE_REPLICA_CHECK_SECONDS", "1"))

connect_timeout = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
statement_timeout_ms = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "30000"))
# PostgreSQL compiles a statement to machine code (JIT) once the planner's cost estimate passes jit_above_cost: worth
# it for analytical queries that run for seconds, not for a wiki's. The search's statements have large estimates
# and run in milliseconds: compiling one took 134 to 160 ms at 1,000,000 index rows (docs/search.md, eleventh step).
database_jit = "on" if os.environ.get("DATABASE_JIT", "off").lower() in {"1", "on", "true", "yes"} else "off"
for alias, database in DATABASES.items():
    if database["ENGINE"] == "django.db.backends.postgresql":
        # A database that does not answer gives 503s within seconds instead of hung workers. A replica that
        # does not answer costs a request at most 2 s (once a check interval, per process) before it reads
        # from the primary instead.
        timeout = connect_timeout if alias == "default" else min(connect_timeout, 2)
        database.setdefault("OPTIONS", {}).update(
            {
                "connect_timeout": timeout,
                "options": f"-c statement_timeout={statement_timeout_ms} -c jit={database_jit}",
            }
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SQLITE_PATH.parent.mkdir(exist_ok=True)
    # Wait for a writer instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

# Redis, when REDIS_URL is set, holds the cache (below) and the sessions, so that any app server serves any
# request.
if os.environ.get("REDIS_URL", ""):
    # cached_db, not cache: a session is read from Redis (no database query per request, on any app server)
    # and also written to the primary, so that a Redis restart, an eviction or a purge of the cache signs
    # nobody out; sessions change rarely (sign-in, sign-out), so the writes cost little. Without a shared
    # cache it stays in the database: a per-process cache would keep a signed-out session alive elsewhere.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: Redis when REDIS_URL is set (shared by every app server and worker), else local memory in each
# process. It holds the anonymous page cache and the read API's throttling counts.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("DJANGO_CACHE_KEY_PREFIX", "csto")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A Redis that does not answer must not hang a worker: the page is rendered instead.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "csto",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("DJANGO_LOCMEM_CACHE_ENTRIES", "5000"))},
        }
    }
# The anonymous page cache (apps/core/page_cache.py): on unless DJANGO_PAGE_CACHE=0. Pages are never served
# stale (a write makes every stored page unreachable); the TTL only bounds how long unused entries take room,
# and how long a page could outlive a write whose generation raise failed (logged).
# Search (apps.search.champions): a lexeme held by this many index rows gets a list of its best rows,
# SEARCH_CHAMPIONS long, from which a one-word query's page is ranked instead of the RUM index's scan.
SEARCH_CHAMPION_MIN_DF = int(os.environ.get("DJANGO_SEARCH_CHAMPION_MIN_DF", "20000"))
SEARCH_CHAMPIONS = int(os.environ.get("DJANGO_SEARCH_CHAMPIONS", "1000"))
# The most a search's statements may take on PostgreSQL, in milliseconds, in all (apps/search/backends/budget.py):
# past its share a statement is cancelled and the page says what it could not finish, instead of waiting.
SEARCH_BUDGET_MS = int(os.environ.get("DJANGO_SEARCH_BUDGET_MS", "200"))

PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)
PAGE_CACHE_TTL = int(os.environ.get("DJANGO_PAGE_CACHE_TTL", "600"))
PAGE_CACHE_ALIAS = "default"
# Parts of pages computed the same for every reader (what links here, the last edit, a body's legal basis),
# kept per generation too, so that pages not served whole (editors', DJANGO_PAGE_CACHE=0) are cheaper.
PAGE_FRAGMENT_CACHE = env_bool("DJANGO_PAGE_FRAGMENT_CACHE", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# English at today's addresses, Russian (the CSTO's working language) under /ru/.
LANGUAGES = [("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests and `make run` serve files straight from the finders, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG or env_bool("DJANGO_PLAIN_STATIC")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

if not DEBUG:
    if env_bool("DJANGO_BEHIND_PROXY"):
        # Only behind a proxy that sets X-Forwarded-Proto itself; otherwise clients could claim HTTPS.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        CLIENT_IP_FROM_FORWARDED_FOR = True  # the proxy's X-Forwarded-For names the client (sign-in limits)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # /healthz is probed over plain HTTP by load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
