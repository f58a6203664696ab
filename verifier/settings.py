"""Settings for verifier, read from the environment (see README "Configuration")."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


DEBUG = env_bool("DEBUG")
# The test suite says so explicitly (verifier/settings_test.py, named in pyproject.toml, sets VERIFIER_TESTING=1);
# importing pytest somewhere never turns a server into a test run.
TESTING = env_bool("VERIFIER_TESTING")
# Schema and static-file commands sign nothing, so they run without a SECRET_KEY too (a developer's
# `manage.py makemigrations --check`, a build step's `collectstatic`). Serving never does.
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "check", "collectstatic"}
KEYLESS = len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" and sys.argv[1] in KEYLESS_COMMANDS
SECRET_KEY_MIN_LENGTH, SECRET_KEY_MIN_UNIQUE_CHARS = 50, 5


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is too weak to sign sessions in production (Django's check W009), or None."""
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it has fewer than {SECRET_KEY_MIN_LENGTH} characters"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARS:
        return f"it has fewer than {SECRET_KEY_MIN_UNIQUE_CHARS} different characters"
    if key.startswith("django-insecure"):
        return "it starts with 'django-insecure' (a generated development key)"
    return None


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and (TESTING or KEYLESS):
    SECRET_KEY = "unused-key-for-tests-and-schema-commands-0123456789"  # noqa: S105
elif not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random string, or DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
elif not DEBUG and secret_key_problem(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for DEBUG=0: {secret_key_problem(SECRET_KEY)}. Generate one with: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

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
    "axes",
    "csp",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "annotations",
    "accounts",
]

MIDDLEWARE = [
    # First: a view that loses the database answers 503 + Retry-After, not 500 (verifier/health.py).
    "verifier.health.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "annotations.middleware.MembershipsPerRequest",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # AxesMiddleware must come last: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "verifier.urls"
WSGI_APPLICATION = "verifier.wsgi.application"

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
            ],
        },
    },
]

# Database: SQLite file by default; PostgreSQL (psycopg 3) when DATABASE_URL is set.
# SQLite takes the write lock up front so concurrent writers wait (up to the busy timeout) instead of failing
# with "database is locked" half-way through a transaction; WAL lets readers run beside the writer. These
# options apply however SQLite is chosen: the SQLITE_PATH default or DATABASE_URL=sqlite:///path.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SQLITE_BUSY_TIMEOUT", 5),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Kept open between requests, as on PostgreSQL: opening the file and setting WAL on every request
            # cost about 2 ms of each request's 6 (the token list, one gunicorn worker).
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: it compiles any query whose estimate passes jit_above_cost, 30-40 ms spent on a page that
    # runs in 2 ms (seen in EXPLAIN ANALYZE on the list pages); our queries are short, JIT never pays back.
    # random_page_cost 1.1 (PostgreSQL's default 4 prices a disk seek): with it, counting the first 10,000
    # of a project's 50,000 articles took a sequential scan or the primary key with a heap visit per row,
    # 7-12 ms, instead of an index-only scan of (project, id), 2 ms. Options given in DATABASE_URL
    # (?options=-c%20random_page_cost%3D4) come after these and win.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(filter(None, ["-c jit=off -c random_page_cost=1.1", options.get("options", "")]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: revokes the user's API tokens whenever their password changes.
    {"NAME": "accounts.password.RevokeApiTokensOnPasswordChange"},
]
if TESTING:
    # The suite creates hundreds of users: a slow password hash would dominate its run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses locked-out users before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Tests (like DEBUG) serve static files without a collectstatic manifest.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security headers. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER via BEHIND_TLS_PROXY=1.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Browsers then refuse plain HTTP for a year; set SECURE_HSTS_SECONDS=0 while trying HTTPS out.
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)

# Content-Security-Policy (django-csp 4): no inline scripts, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failures for a username from an address,
# further attempts are refused for AXES_COOLOFF_MINUTES.
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address is chosen by accounts.lockout.client_ip: with PROXY_COUNT=N > 0 the N-th address from
# the right of X-Forwarded-For (what the N proxies in front saw), with 0 only REMOTE_ADDR.
VERIFIER_PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
# Also a cap per username across all addresses over a longer window, so a botnet cannot guess for ever. It
# counts the failure log axes keeps in the database, so every server process sees the same count.
AXES_HANDLER = "accounts.lockout.UsernameCapHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
VERIFIER_USERNAME_FAILURE_LIMIT = env_int("USERNAME_FAILURE_LIMIT", 50)
VERIFIER_USERNAME_FAILURE_WINDOW = timedelta(minutes=env_int("USERNAME_FAILURE_WINDOW_MINUTES", 60))

# E-mail: EMAIL_URL=smtp://user:password@host:587 (STARTTLS) or smtps://…:465 (TLS), or EMAIL_HOST with
# EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS. Only then are the password-reset pages served.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    _email = urlsplit(EMAIL_URL)
    if _email.scheme not in {"smtp", "smtps"} or not _email.hostname:
        raise ImproperlyConfigured("EMAIL_URL must look like smtp://user:password@host:587 or smtps://…:465")
    EMAIL_HOST = _email.hostname
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "smtp" and EMAIL_PORT != 25
else:
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "verifier@localhost")
VERIFIER_PASSWORD_RESET = bool(EMAIL_HOST)
# Invitation links are e-mailed too when a mail server is configured; otherwise the admin copies the link.
EMAIL_HOST_CONFIGURED = bool(EMAIL_HOST)

# Request size: bodies above this are refused with 413 (the API import has its own, larger limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BYTES", 5 * 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so an unauthenticated request gets 401 with "WWW-Authenticate: Token".
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only; bodies over DATA_UPLOAD_MAX_MEMORY_SIZE are refused with 413.
    "DEFAULT_PARSER_CLASSES": ["annotations.api.parsers.LimitedJSONParser"],
    "EXCEPTION_HANDLER": "annotations.api.errors.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Per-user throttles (accounts.throttles), counted in the default cache; "N/second|minute|hour|day".
    "DEFAULT_THROTTLE_RATES": {
        "token_create": os.environ.get("THROTTLE_TOKEN_CREATE", "20/hour"),
        "export": os.environ.get("THROTTLE_EXPORT", "120/hour"),
    },
    # Anonymous throttles (none yet) would key on the same client address as the login lockout.
    "NUM_PROXIES": env_int("PROXY_COUNT", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "verifier API",
    # The API guide shown at the top of /api/docs/ (authentication, roles, concurrency, sync).
    "DESCRIPTION": (BASE_DIR / "annotations" / "api" / "description.md").read_text(encoding="utf-8"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Verdict labels appear as `label` (verdicts) and `verdict` (rating items, decisions): one enum.
    "ENUM_NAME_OVERRIDES": {"LabelEnum": "annotations.models.Label"},
}


# Domain limits and identity.
VERIFIER_IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
VERIFIER_ARTICLE_MAX_CHARS = env_int("ARTICLE_MAX_CHARS", 1_000_000)
VERIFIER_CONTEXT_CHARS = 32
VERIFIER_TOKEN_TTL = timedelta(days=env_int("API_TOKEN_TTL_DAYS", 90))
VERIFIER_ORGANIZATION_NAME = os.environ.get("ORGANIZATION_NAME", "verifier")
VERIFIER_ORGANIZATION_URL = os.environ.get("ORGANIZATION_URL", "")
# Absolute base URL used in exports (claim pages in ClaimReview, annotation ids); empty = from the request.
VERIFIER_PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Background work, outbound HTTP and webhooks (issue 9) ------------------------------------------
# Tasks (django-tasks, the backport of Django 6's tasks API). The database backend is the default: it
# works on SQLite for `make run` and on PostgreSQL, where any number of `manage.py db_worker` processes
# share one queue. TASKS_BACKEND=django_tasks_rq.RQBackend (with django-tasks-rq installed and RQ_QUEUES
# configured) selects Redis/RQ instead; no code changes. The test suite runs tasks immediately; the
# "database" alias lets a test hand work to a real worker process.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING and not env_bool("TASKS_REAL_BACKEND")
        else TASKS_BACKEND,
        "QUEUES": ["default"],
    },
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

# Outbound HTTP (annotations/egress.py): private, loopback and link-local addresses are refused unless
# named here (comma-separated host or host:port).
VERIFIER_OUTBOUND_ALLOW = env_list("OUTBOUND_ALLOW")
VERIFIER_OUTBOUND_CONNECT_TIMEOUT = float(os.environ.get("OUTBOUND_CONNECT_TIMEOUT", "5"))
VERIFIER_OUTBOUND_READ_TIMEOUT = float(os.environ.get("OUTBOUND_READ_TIMEOUT", "10"))
VERIFIER_OUTBOUND_DEADLINE = float(os.environ.get("OUTBOUND_DEADLINE", "30"))
VERIFIER_OUTBOUND_MAX_BYTES = env_int("OUTBOUND_MAX_BYTES", 5 * 1024 * 1024)

# Shared state for several servers: sessions in the database; the cache (DRF throttles and anything else
# cached) in Redis when REDIS_URL is set, else in the database table `createcachetable` makes - never a
# per-process memory cache, which each gunicorn worker would hold separately.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": os.environ.get("CACHE_TABLE", "verifier_cache"),
        }
    }
# Webhooks are switched off after this many failed attempts in a row (an admin switches them on again).
VERIFIER_WEBHOOK_DISABLE_AFTER = env_int("WEBHOOK_DISABLE_AFTER", 16)

# HSTS switches for the production profile (issue 9). SECURE_HSTS_SECONDS itself is set above.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
