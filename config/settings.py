"""Settings of the portal: one module, read from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A development key only when DEBUG is on; production must say its own, long and random.
SECRET_KEY = env.str("SECRET_KEY", default="")
SECRET_KEY_MIN_LENGTH = 50
PLACEHOLDER_SECRET_KEYS = {"change-me"}  # the one of .env.example
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment (or .env), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
elif not DEBUG and (
    SECRET_KEY in PLACEHOLDER_SECRET_KEYS
    or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("django-insecure", "dev-only"))
):
    raise ImproperlyConfigured(
        f"SECRET_KEY is weak: use a random string of at least {SECRET_KEY_MIN_LENGTH} "
        'characters, e.g. python -c "import secrets; print(secrets.token_urlsafe(50))".'
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Absolute base URL of the portal, printed in QR codes and e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
ASSOCIATION_NAME = env.str("ASSOCIATION_NAME", default="Billetterie solidaire")
# The legal pages (portal/legal.py): who publishes the portal and how to reach them, who
# hosts it, and the date of the accessibility statement (YYYY-MM-DD). The defaults are
# placeholders for the demo: a real deployment sets its own.
ASSOCIATION_ADDRESS = env.str("ASSOCIATION_ADDRESS", default="1 rue des Lilas, 75011 Paris")
ASSOCIATION_EMAIL = env.str("ASSOCIATION_EMAIL", default="contact@example.org")
ASSOCIATION_PHONE = env.str("ASSOCIATION_PHONE", default="01 23 45 67 89")
PUBLICATION_DIRECTOR = env.str("PUBLICATION_DIRECTOR", default="Camille Dupont, présidente")
HOST_NAME = env.str("HOST_NAME", default="Hébergeur Exemple SAS")
HOST_ADDRESS = env.str("HOST_ADDRESS", default="2 avenue des Serveurs, 59100 Roubaix")
ACCESSIBILITY_STATEMENT_DATE = env.str("ACCESSIBILITY_STATEMENT_DATE", default="2026-12-04")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "structures",
    "people",
    "events",
    "bookings",
    "vouchers",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "structures.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "structures.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "structures.middleware.reject_nul_bytes",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "structures.context_processors.portal",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite file by default (the embedded demo), PostgreSQL in production and CI.
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
except Exception:  # django-environ raises several kinds on a malformed URL
    DATABASES = {"default": {}}
SUPPORTED_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}
if DATABASES["default"].get("ENGINE") not in SUPPORTED_ENGINES or not DATABASES["default"].get(
    "NAME"
):
    raise ImproperlyConfigured(
        "DATABASE_URL is malformed. Expected e.g. postgres://user:password@host:5432/name "
        "or sqlite:////absolute/path/to/db.sqlite3 (PostgreSQL or SQLite only)"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The planner's cost of reading one page at random. PostgreSQL's default (4) is for
    # spinning disks: with it, counting a relay's 3,000 bookings to come joins them to
    # the country's 120,000 slots by a full scan. On SSDs, where the portal runs, 1.1 lets
    # it follow their index (bench/README.md); POSTGRES_RANDOM_PAGE_COST=4 on old disks.
    random_page_cost = env.float("POSTGRES_RANDOM_PAGE_COST", default=1.1)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c random_page_cost={random_page_cost}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "structures.User"
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # a new worker has three days to set a password

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
# Our wording of Django's own messages (locale/fr: "Écrivez au plus 100 caractères…"), read
# before Django's catalogs.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
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
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update({key: value for key, value in EMAIL_CONFIG.items() if value not in (None, "")})
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Billetterie solidaire <ne-pas-repondre@billetterie.test>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds before an SMTP connection or command gives up (Django waits forever by default).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Background work (README, "Tâches de fond"): every e-mail is a task stored in our own
# database, in the transaction of the change it reports, and run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A refused or timed-out e-mail is tried again after each of these delays (minutes), then
# shown as failed to the département team (admin home) and, for their bookings, to the
# worker. A refusal that no retry can fix (address refused, partner without e-mail) is
# shown at once.
EMAIL_RETRY_MINUTES = env.list("EMAIL_RETRY_MINUTES", cast=int, default=[1, 5, 30, 120])
# A send still running after this long is taken for dead (its worker was killed) and
# queued again by `manage.py resume_emails` (cron). Far above EMAIL_TIMEOUT.
EMAIL_SEND_LEASE_MINUTES = env.int("EMAIL_SEND_LEASE_MINUTES", default=10)

# Accounts (README, "Sécurité"). After LOGIN_FAILURE_LIMIT failed logins within
# LOGIN_LOCKOUT_MINUTES, on one account or from one address, logins are refused for that
# long, even with the right password; staff unlock an account from the admin.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "structures.security.login_username"
AXES_CLIENT_IP_CALLABLE = "structures.security.client_ip"
AXES_LOCKOUT_CALLABLE = "structures.security.lockout_response"
AXES_ENABLE_ADMIN = False  # staff unlock from the account's page, scoped like the rest
AXES_DISABLE_ACCESS_LOG = True  # no log of every login's address: only failures are kept
AXES_VERBOSE = False
# Number of reverse proxies of ours in front of the portal (nginx: 1). 0: the client is the
# connection's address. Behind N proxies, the N-th address from the right of
# X-Forwarded-For, written by our outermost proxy; never more than the proxies really are.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Password-reset e-mails per hour, per address asked for and per client address.
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
PASSWORD_RESET_LIMIT_PER_IP = env.int("PASSWORD_RESET_LIMIT_PER_IP", default=10)
# Sessions end after SESSION_IDLE_MINUTES without a request, and when the browser closes:
# social workers share computers.
# (structures.middleware.IdleSessionMiddleware moves the end at each request.)
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=120) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Security: strict CSP everywhere ('self' only: no inline script or style, ever).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Product settings.
NEW_EVENTS_DAYS = env.int("NEW_EVENTS_DAYS", default=14)
CLOSING_SOON_DAYS = env.int("CLOSING_SOON_DAYS", default=7)
# Bookings close (and the guest list leaves) this many hours before a slot starts, unless
# the département sets its own delay.
DEFAULT_CUTOFF_HOURS = env.int("DEFAULT_CUTOFF_HOURS", default=48)
PAGE_SIZE = 12
# Retention (manage.py anonymise_inactive): followed persons with no booking activity for
# this many months are anonymised; worker accounts unused this long are deactivated, after
# an e-mail warning a month before.
# The legal basis of the processing, as the association chose it (shown on "Données
# personnelles"; GDPR art. 13).
PRIVACY_LEGAL_BASIS = env.str(
    "PRIVACY_LEGAL_BASIS",
    default=(
        "l'intérêt légitime de l'association, qui est de permettre aux personnes "
        "accompagnées par les structures sociales d'accéder à la culture et au sport "
        "(article 6.1.f du RGPD)."
    ),
)
PERSON_RETENTION_MONTHS = env.int("PERSON_RETENTION_MONTHS", default=24)
ACCOUNT_INACTIVITY_MONTHS = env.int("ACCOUNT_INACTIVITY_MONTHS", default=12)

# Reminders (manage.py send_reminders): to the worker who booked, this many hours before a
# slot's cutoff (who cannot come can still be replaced), and before the outing.
REMINDER_BEFORE_CUTOFF_HOURS = env.int("REMINDER_BEFORE_CUTOFF_HOURS", default=72)
REMINDER_BEFORE_OUTING_HOURS = env.int("REMINDER_BEFORE_OUTING_HOURS", default=24)

# Check-in at the venue (vouchers.checkin): the link in a guest list's e-mail opens the
# slot's check-in sheet from the cutoff until this many days after the outing's end.
CHECK_IN_DAYS_AFTER_EVENT = env.int("CHECK_IN_DAYS_AFTER_EVENT", default=1)
# The counter-mark's verification page (its QR code): at most this many pages per client
# address in 10 minutes (a door checks one per person; a guess of tokens gets nowhere).
VERIFY_LIMIT_PER_IP = env.int("VERIFY_LIMIT_PER_IP", default=300)
