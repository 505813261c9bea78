"""Settings shared by every environment. Values come from the environment (config.env)."""

from config.env import BASE_DIR, env, secret

PROJECT_DIR = BASE_DIR / "motesplats"

SECRET_KEY = secret("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1

INSTALLED_APPS = [
    # Our apps first so that their templates override third-party ones.
    "ninja",
    "motesplats.core",
    "motesplats.accounts",
    "motesplats.taxonomy",
    "motesplats.nodes",
    "motesplats.actors",
    "motesplats.knowledge",
    "motesplats.comments",
    "motesplats.events",
    "motesplats.impact",
    "motesplats.pages",
    "motesplats.api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
]
# Widget templates are looked up like all others, so ours (templates/wagtailadmin/widgets)
# override Wagtail's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Only for paths under /api/: caching, CORS, gzip, rate limit, JSON errors.
    "motesplats.api.http.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "motesplats.accounts.middleware.RequireStaffTwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "motesplats.core.context_processors.site_context",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite by default: WAL for concurrent readers, IMMEDIATE transactions so that
# writers queue on the busy timeout instead of failing with "database is locked".
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA foreign_keys=ON;"
            ),
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (allauth's rate limits live here) ------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "motesplats",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "motesplats",
        }
    }

# --- Accounts -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mötesplats] "
ACCOUNT_ADAPTER = "motesplats.accounts.adapter.AccountAdapter"
# Throttling with a cool-off, never a permanent lock-out (ASVS 6.1.1): at most 5
# failed logins per account in 5 minutes (from any IP), and 20 per IP per minute.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mötesplats"
# Accept the code of the step before and after the current one: phones' clocks drift,
# and a code typed at the end of its 30 seconds reaches the server in the next step
# (RFC 6238 recommends allowing one step).
MFA_TOTP_TOLERANCE = 1
# Wagtail admin uses our login page, which runs allauth's two-factor stage.
WAGTAILADMIN_LOGIN_URL = "account_login"

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = secret("EMAIL_HOST_PASSWORD", default="") or ""
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Mötesplats <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages ------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True

# --- Static and media -----------------------------------------------------------
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Where `manage.py backup` writes its archives (see docs/operations.md).
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")

# --- Wagtail --------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Mötesplats"
# Images editors upload are stored without EXIF/GPS (the originals, not only renditions).
WAGTAILIMAGES_IMAGE_FORM_BASE = "motesplats.core.image_forms.MetadataFreeImageForm"
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000"
)
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "swedish",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would hand a hash of each editor's e-mail to a third
# party and break the CSP.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_COMMENTS_ENABLED = True

# --- Background work (Django's tasks API) ---------------------------------------
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# --- Security headers -----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- Platform -------------------------------------------------------------------
# Retention periods for personal data, in days (enforced by `manage.py purge_expired`).
RETENTION_UNCONFIRMED_ACCOUNT_DAYS = env.int(
    "RETENTION_UNCONFIRMED_ACCOUNT_DAYS", default=30
)
RETENTION_AUDIT_LOG_DAYS = env.int("RETENTION_AUDIT_LOG_DAYS", default=90)
# Guests' e-mail addresses on comments, and rejected comments (see docs/configuration.md).
RETENTION_COMMENT_GUEST_EMAIL_DAYS = env.int(
    "RETENTION_COMMENT_GUEST_EMAIL_DAYS", default=30
)
RETENTION_REJECTED_COMMENT_DAYS = env.int("RETENTION_REJECTED_COMMENT_DAYS", default=90)
# Names, e-mail addresses and answers of event participants, counted from the event's end.
RETENTION_EVENT_REGISTRATION_DAYS = env.int(
    "RETENTION_EVENT_REGISTRATION_DAYS", default=365
)
# 1:1 meeting opt-ins, requests and meetings, counted from the event's end.
RETENTION_MEETINGS_DAYS = env.int("RETENTION_MEETINGS_DAYS", default=90)
# Messages between members, counted from when they were sent.
RETENTION_MESSAGE_DAYS = env.int("RETENTION_MESSAGE_DAYS", default=730)
# Stories told as evidence in impact models, counted from the day consent was given.
RETENTION_IMPACT_STORY_DAYS = env.int("RETENTION_IMPACT_STORY_DAYS", default=1825)
# Records of sent e-mail digests (they only prevent a window being sent twice).
RETENTION_DIGEST_DAYS = env.int("RETENTION_DIGEST_DAYS", default=90)
# Other settings the privacy page's processing register names in its periods.
GDPR_PERIOD_SETTINGS = ["COMMENTS_GUEST_CONFIRM_HOURS"]

# --- Open API -------------------------------------------------------------------
# Requests per minute from one client IP address to /api/; more get a 429.
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)

# --- Security contact (/.well-known/security.txt, SECURITY.md) ------------------------
# Where to report a vulnerability: a mailto: or https: URI. Empty: mailto:security@ the
# first name in DJANGO_ALLOWED_HOSTS.
SECURITY_CONTACT = env.str("SECURITY_CONTACT", default="")
# The disclosure policy's URL (the repository's SECURITY.md); empty leaves Policy out.
SECURITY_POLICY_URL = env.str("SECURITY_POLICY_URL", default="")

# --- Rate limits on forms that send e-mail or create data -------------------------
# `motesplats.core.ratelimit.rate_limited(scope)`: "N/period/per" with period s, m, h or
# d and per "user" (signed-in account) or "ip" (client address; a whole office or campus
# may share one, hence the higher numbers). More get a 429 with Retry-After. Sign-up,
# login and password reset are limited by ACCOUNT_RATE_LIMITS; comments, messages,
# surveys and the API by their own settings. The table is in SECURITY.md.
RATE_LIMITS = {
    "organisation_propose": "5/h/user,20/h/ip",
    "organisation_join": "20/h/user,60/h/ip",
    "organisation_edit": "30/h/user,60/h/ip",
    "coalition_join": "10/h/user,60/h/ip",
    "coalition_follow": "30/h/user,120/h/ip",
    "coalition_manage": "60/h/user,120/h/ip",
    "need_create": "10/h/user,30/h/ip",
    "innovation_submit": "5/h/user,20/h/ip",
    "impact_model_create": "20/h/user,60/h/ip",
    "impact_model_part": "300/h/user,600/h/ip",
    "event_register": "10/h/user,100/h/ip",
    "event_booking_change": "30/h/ip",
    "event_session": "120/h/user,300/h/ip",
    "event_meetings": "300/h/user,600/h/ip",
    "comment_confirm": "30/h/ip",
    "follow": "60/h/user,120/h/ip",
    # Each export gathers everything; each delete attempt checks a password.
    "data_export": "10/h/user",
    "account_delete": "5/15m/user,20/h/ip",
}

# --- Harvest from peers (motesplats.api.harvest) ----------------------------------
# Seconds to wait for a peer's answer (per request, the whole answer included).
HARVEST_TIMEOUT_SECONDS = env.float("HARVEST_TIMEOUT_SECONDS", default=10)
# Largest answer read from a peer, in bytes; a larger one fails the run.
HARVEST_MAX_BYTES = env.int("HARVEST_MAX_BYTES", default=5 * 1024 * 1024)
# After a failed run a source waits BASE, 2×BASE, 4×BASE … seconds, at most MAX.
HARVEST_RETRY_BASE_SECONDS = env.int("HARVEST_RETRY_BASE_SECONDS", default=300)
HARVEST_RETRY_MAX_SECONDS = env.int("HARVEST_RETRY_MAX_SECONDS", default=24 * 3600)
# How often a run lists everything a peer has, to find what was removed there.
HARVEST_FULL_PASS_HOURS = env.int("HARVEST_FULL_PASS_HOURS", default=24)

# --- Comments -------------------------------------------------------------------
# Actors: a member sends at most this many platform messages an hour; more get a 429.
ACTORS_MESSAGES_PER_HOUR = env.int("ACTORS_MESSAGES_PER_HOUR", default=20)

# A published comment is hidden once this many readers have reported it, until an
# editor decides.
COMMENTS_AUTO_HIDE_REPORTS = env.int("COMMENTS_AUTO_HIDE_REPORTS", default=3)
# At most COMMENTS_RATE_LIMIT comments (and as many reports) per account and per IP
# address within COMMENTS_RATE_LIMIT_PERIOD seconds; more get a 429.
COMMENTS_RATE_LIMIT = env.int("COMMENTS_RATE_LIMIT", default=5)
COMMENTS_RATE_LIMIT_PERIOD = env.int("COMMENTS_RATE_LIMIT_PERIOD", default=600)
# Guests' proof of work: the secret number is at most this (average work is half),
# and a challenge must be solved and sent within COMMENTS_POW_EXPIRY seconds.
COMMENTS_POW_MAX_NUMBER = env.int("COMMENTS_POW_MAX_NUMBER", default=100_000)
COMMENTS_POW_EXPIRY = env.int("COMMENTS_POW_EXPIRY", default=1200)
# A guest's confirmation link is valid this many hours; unconfirmed comments then go.
COMMENTS_GUEST_CONFIRM_HOURS = env.int("COMMENTS_GUEST_CONFIRM_HOURS", default=72)

# --- Events -----------------------------------------------------------------------
# Confirmed participants get a reminder this many hours before an event starts, and the
# online link of a digital or hybrid event this many minutes before (`manage.py
# events_tick`, run every few minutes, sends both).
EVENTS_REMINDER_HOURS = env.int("EVENTS_REMINDER_HOURS", default=48)
EVENTS_ONLINE_LINK_MINUTES = env.int("EVENTS_ONLINE_LINK_MINUTES", default=60)
# Dotted paths of payment providers (motesplats.events.payments); none by default:
# bookings are invoiced and organisers mark payments.
EVENTS_PAYMENT_PROVIDERS = env.list("EVENTS_PAYMENT_PROVIDERS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env.str("DJANGO_LOG_LEVEL", default="INFO"),
    },
    "loggers": {
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
        # The immediate task backend logs every task at INFO; only problems matter here.
        "django_tasks": {"level": "WARNING"},
        # Wagtail keeps its own page history in the admin; its INFO lines are noise.
        "wagtail": {"level": env.str("WAGTAIL_LOG_LEVEL", default="WARNING")},
    },
}
