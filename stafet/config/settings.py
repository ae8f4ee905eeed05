"""Stafet's one settings module, read from environment variables.

Defaults are the secure ones (DEBUG off, secure cookies, HSTS); the development scripts in ``bin/`` set
``STAFET_DEBUG=1``. ``DATABASE_URL`` switches from the embedded SQLite file under ``var/`` to PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # the stafet package
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("STAFET_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("STAFET_DEBUG")

SECRET_KEY = os.environ.get("STAFET_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set STAFET_SECRET_KEY (a long random string) or STAFET_DEBUG=1 for development.")
    SECRET_KEY = "development-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("STAFET_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("STAFET_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "stafet.audit.apps.AdminConfig",  # django.contrib.admin with an audited, administrators-only site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "stafet.reference",
    "stafet.organisations",
    "stafet.people",
    "stafet.programmes",
    "stafet.matches",
    "stafet.mentorships",
    "stafet.placements",
    "stafet.outcomes",
    "stafet.events",
    "stafet.notifications",
    "stafet.audit",
    "stafet.web",
    "stafet.privacy",
    "stafet.accounts",
    "django.forms",  # Django's widget templates, for the project's form renderer
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files stay cacheable while every page is no-store.
    "stafet.web.middleware.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "stafet.web.middleware.DanishUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "stafet.web.middleware.RefuseNullCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "stafet.web.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "stafet.accounts.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "stafet.accounts.middleware.TwoFactorMiddleware",
    # Past the login steps: the reader is known. Every person a request loads is written to the read log.
    "stafet.privacy.reads.ReadLogMiddleware",
    "stafet.privacy.middleware.ReadOnlyDataProtectionOfficerMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stafet.config.urls"
# dkfds markup for every form and field (stafet.forms); the admin keeps Django's (stafet.audit.site).
FORM_RENDERER = "stafet.forms.DkfdsRenderer"
WSGI_APPLICATION = "stafet.config.wsgi.application"

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
                "stafet.web.context_processors.navigation",
                "stafet.notifications.context_processors.notifications",
            ],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'stafet.sqlite3'}",
        conn_max_age=int(os.environ.get("STAFET_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address before the password check
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first; the others only to check (and then rehash) passwords hashed before.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
# Participants, mentors and visitors read Stafet in the languages of the largest refugee groups in Denmark too;
# staff pages speak Danish and English (stafet.i18n.languages_for). Each language's names in its own script.
LANGUAGES = [
    ("da", _("Danish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("uk", _("Ukrainian")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
]
STAFF_LANGUAGES = ("da", "en")
# Django knows Arabic, Persian and Ukrainian; Tigrinya and Somali are added here.
LANG_INFO.update(
    {
        "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
        "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
    }
)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
# Dates in English as Europe writes them (see stafet/formats/en/formats.py).
FORMAT_MODULE_PATH = ["stafet.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STAFET_STATIC_ROOT", VAR_DIR / "static"))
# Uploaded files (participants' CVs) hold personal data: no MEDIA_URL serves them; a view checks access first.
MEDIA_ROOT = Path(os.environ.get("STAFET_MEDIA_ROOT", VAR_DIR / "media"))
# A CV upload is refused above this size (bytes).
CV_MAX_BYTES = 5 * 1024 * 1024
# Front-end packages come from npm (installed by bin/setup, never committed) and are served from node_modules.
NODE_MODULES = Path(os.environ.get("STAFET_NODE_MODULES", PROJECT_DIR / "node_modules"))
STATICFILES_DIRS = [
    ("vendor/dkfds", NODE_MODULES / "dkfds" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # Arabic (also Persian) and Ethiopic (Tigrinya) script, served by Stafet itself: no font CDN.
    ("vendor/fonts/arabic", NODE_MODULES / "@fontsource" / "noto-sans-arabic"),
    ("vendor/fonts/ethiopic", NODE_MODULES / "@fontsource" / "noto-sans-ethiopic"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root

TASKS = {
    "default": {
        "BACKEND": os.environ.get("STAFET_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND_PATH = os.environ.get(
    "STAFET_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": os.environ.get("STAFET_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("STAFET_EMAIL_PORT", "25")),
            "username": os.environ.get("STAFET_EMAIL_HOST_USER", ""),
            "password": os.environ.get("STAFET_EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("STAFET_EMAIL_USE_TLS"),
        }
        if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("STAFET_FROM_EMAIL", "Stafet <noreply@localhost>")
# Where Stafet is reached from outside: the links in emails and calendar files start with it.
STAFET_SITE_URL = os.environ.get(
    "STAFET_SITE_URL",
    "http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else "",
)

# Secure by default; behind a TLS-terminating proxy set STAFET_SECURE_PROXY=1.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# Sessions end after this long without a request: 30 minutes for staff (coordinators, caseworkers, company
# contacts, data-protection officers, administrators), 10 hours for mentors and participants.
STAFF_SESSION_IDLE = timedelta(minutes=int(os.environ.get("STAFET_STAFF_IDLE_MINUTES", "30")))
SESSION_COOKIE_AGE = 60 * 60 * 10
# How long the read log (stafet.privacy: who read whose data) is kept: 6 months, as Danish practice asks of such
# logs; the daily schedule deletes older read records (stafet.privacy.retention.purge_read_log).
READ_LOG_MONTHS = int(os.environ.get("STAFET_READ_LOG_MONTHS", "6"))
SECURE_SSL_REDIRECT = env_bool("STAFET_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("STAFET_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("STAFET_SECURE_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies append to X-Forwarded-For in front of Stafet: the login lockout counts failures per
# client address, which is then the one the outermost of them saw (0: REMOTE_ADDR, no proxy).
TRUSTED_PROXY_COUNT = int(os.environ.get("STAFET_PROXY_COUNT", "1" if env_bool("STAFET_SECURE_PROXY") else "0"))

# Content-Security-Policy (Django's own): scripts, styles, fonts and images from Stafet itself only; no inline
# script or style attribute anywhere (htmx's own indicator styles are switched off in base.html).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# No page uses the browser's sensors, camera, microphone, payment or location.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), browsing-topics=()"
)

# Login lockout (django-axes): after 5 failed logins for one account, or 20 from one address (a job centre's
# caseworkers share one), that account or address is refused for 30 minutes; a success resets the count.
AXES_FAILURE_LIMIT = 5
LOCKOUT_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("STAFET_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "stafet.accounts.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "stafet.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "stafet.accounts.lockout.client_ip"
AXES_CLIENT_STR_CALLABLE = "stafet.accounts.lockout.client_str"
AXES_VERBOSE = False  # no start-up banner on every command; failures and lockouts are still logged

# Two-factor login (django-otp): TOTP from an authenticator app, recovery codes for when the phone is lost.
OTP_TOTP_ISSUER = "Stafet"

# Every handler masks CPR-like numbers (stafet/cpr.py). Django's own loggers go through the same handlers:
# its request log (django.server) prints paths, which can carry a search for a CPR number.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_cpr": {"()": "stafet.cpr.MaskCPRFilter"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_cpr"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["mask_cpr"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("STAFET_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # django-axes logs every successful login at INFO; refused and locked-out ones (WARNING) are what matter.
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates every step of every PDF export at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}
