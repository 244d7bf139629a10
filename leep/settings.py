"""Settings for the partnership portal, read from the environment.

DJANGO_ENV chooses the mode: "development" (the default, for a laptop), "test" or "production".
Only development has safe defaults; production refuses to start without SECRET_KEY and
ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY:
        raise ImproperlyConfigured("Production needs SECRET_KEY in the environment.")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS: a list of host names, not '*'.")
    DEBUG = env.bool("DEBUG", default=False)
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must not be on in production.")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-key-never-used-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    DEBUG = env.bool("DEBUG", default=DJANGO_ENV == "development")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "guardian",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "partnership",
    "schools",
    "support",
    "inclusion",
    "governance",
    "consultation",
    "leep.filestore",
    "django_prometheus",
]

MIDDLEWARE = [
    # Request counts and latency by view for the metrics (decision 0027); its partner is last.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # First of the portal's own: the forwarding headers are believed only from TRUSTED_PROXIES.
    "leep.middleware.TrustedProxyMiddleware",
    # Each request's id, and its one structured log line (leep.middleware, decision 0027).
    "leep.middleware.RequestLogMiddleware",
    "leep.middleware.RequestSizeLimitMiddleware",
    # Control characters are taken out of query parameters and posted fields before anything reads
    # them (leep.middleware), so none reaches a form, a selector or the database.
    "leep.middleware.ControlCharacterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "partnership.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After sign-in is required: a person who must use two-factor sign-in reaches nothing but the
    # code and set-up pages until they have.
    "partnership.two_factor_middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "partnership.middleware.RefusedAccessLogMiddleware",
    # django-axes wants to be last, so that it sees the outcome of every sign-in.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "leep.urls"
WSGI_APPLICATION = "leep.wsgi.application"

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
                "partnership.context_processors.service",
            ],
            # Money is written one way on every page: {{ value|money }}.
            "builtins": ["partnership.templatetags.figures"],
        },
    }
]
# Our own templates for form fields and widgets give every form GOV.UK markup.
FORM_RENDERER = "partnership.forms.govuk.GovukFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partnership.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # NCSC advice: long passphrases welcome, no composition rules, no forced expiry (decision 0014).
    {"NAME": "partnership.password_validation.MaximumLengthValidator", "OPTIONS": {"max_length": 256}},
]
LOGIN_URL = "sign-in"

# Two-factor sign-in (TOTP) for every role that can see confidential data, and for platform
# operators. Off by default only in development, so the demo works without an authenticator app.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=DJANGO_ENV != "development")
OTP_TOTP_ISSUER = env.str("SERVICE_NAME", default="Partnership portal")
# After each wrong code the next try waits 2, 4, 8… times this many seconds (django-otp's throttle).
OTP_TOTP_THROTTLE_FACTOR = env.int("OTP_THROTTLE_SECONDS", default=2)
OTP_STATIC_THROTTLE_FACTOR = env.int("OTP_THROTTLE_SECONDS", default=2)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signed-out"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sessions: an inactivity timeout and an absolute one, both enforced by
# partnership.middleware.SessionTimeoutMiddleware.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30) * 60
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT_HOURS", default=10) * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: lock out an email address from one IP address after repeated failures.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# A consultation's public link: how many responses one client address may start in a minute, each of
# which may email its respondent (partnership.rate_limits; decision 0029). Each address is also sent
# at most one such email a day by each consultation.
PUBLIC_LINK_POSTS_PER_MINUTE = env.int("PUBLIC_LINK_POSTS_PER_MINUTE", default=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# One rule for the client's address, for lockouts and the security log alike.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# The reverse proxy's addresses or networks. Its X-Forwarded-For and X-Forwarded-Proto are believed
# only on requests from these; from anywhere else they are removed (leep.middleware, decision 0023).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
if TRUSTED_PROXY_COUNT and not TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT needs TRUSTED_PROXIES: the proxy's addresses or networks."
    )
AXES_CLIENT_IP_CALLABLE = "partnership.client_ip.client_ip"

# django-guardian: object permissions only; no anonymous user row, no global fall-back.
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["leep.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Production keeps files in the database, so that no web or worker process depends on another
    # machine's disk (decision 0023); development and tests keep them under MEDIA_ROOT.
    "default": {
        "BACKEND": (
            "leep.filestore.storage.DatabaseStorage"
            if PRODUCTION
            else "django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media/"

# Request sizes. The largest upload any form takes is 50 MB (a school register CSV); the reverse
# proxy's client_max_body_size is REQUEST_BODY_MAX_BYTES too, and a test keeps the two equal.
REQUEST_BODY_MAX_BYTES = 52 * 1024 * 1024
# A request's fields other than files (Django's defaults, said here so that they are chosen).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# No form takes more than one file.
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# An upload larger than this is written to a temporary file while the request is read, not held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# With more than one web process each process's own memory is no cache for the others: production
# shares one in Redis (the agenda pack PDFs) when REDIS_URL is set.
if PRODUCTION and env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("CACHE_URL", default=env.str("REDIS_URL")),
            "KEY_PREFIX": "portal-cache",
        }
    }

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# For the file-based backend (the fault tests and the soak count the emails written there).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Partnership portal <no-reply@localhost>")

# Celery: REDIS_URL is the broker; with none, tasks run eagerly in the web process.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Reliability of long work such as reports (decision 0019). A task's message is acknowledged only
# when the task has finished, so a worker that dies part-way leaves it to be delivered again; each
# worker takes one message at a time, so a long report never holds others back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Seconds before Redis hands an unacknowledged message to another worker. It must be longer than
# the longest report takes (a national-scale one takes minutes), or a report still being made would
# be started a second time; two hours leaves a wide margin.
REPORT_VISIBILITY_TIMEOUT = env.int("REPORT_VISIBILITY_TIMEOUT", default=2 * 60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": REPORT_VISIBILITY_TIMEOUT}
# A worker child that has grown past this many KiB is replaced once its task ends: under 1 GB each.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=900_000)
# How often beat checks whether a term has started without its report (it makes each one once).
REPORT_BEAT_INTERVAL_SECONDS = env.int("REPORT_BEAT_INTERVAL_SECONDS", default=60 * 60)
# A report that fails is tried this many times in all, then shows as failed with its error.
REPORT_MAX_ATTEMPTS = env.int("REPORT_MAX_ATTEMPTS", default=3)
REPORT_RETRY_DELAY_SECONDS = env.int("REPORT_RETRY_DELAY_SECONDS", default=60)
# For the fault tests only, set in a test worker's environment: a pause between a report's
# sections (so a test can stop the worker part-way), and a report build that always fails.
REPORT_TEST_DELAY_SECONDS = env.float("REPORT_TEST_DELAY_SECONDS", default=0)
REPORT_TEST_FAIL = env.bool("REPORT_TEST_FAIL", default=False)
# The email outbox (partnership.outbox): how often the beat looks for lost or stuck emails, how long a
# queued email waits before its task is sent again, and how long "sending" lasts before it is in doubt.
EMAIL_BEAT_INTERVAL_SECONDS = env.int("EMAIL_BEAT_INTERVAL_SECONDS", default=300)
EMAIL_REQUEUE_AFTER_SECONDS = env.int("EMAIL_REQUEUE_AFTER_SECONDS", default=600)
EMAIL_IN_DOUBT_AFTER_SECONDS = env.int("EMAIL_IN_DOUBT_AFTER_SECONDS", default=600)
# A fault for the tests only: the worker dies after handing an email to the mail server and before
# recording it as sent. Refused in production below.
EMAIL_TEST_KILL_AFTER_SEND = env.bool("EMAIL_TEST_KILL_AFTER_SEND", default=False)
if EMAIL_TEST_KILL_AFTER_SEND and PRODUCTION:
    raise ImproperlyConfigured("EMAIL_TEST_KILL_AFTER_SEND is a test's fault and is never set in production.")

# Where each container's processes add up their metrics (leep.metrics); made here, before any
# metric is counted, when the deployment names one.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

# The worker's heartbeat (leep.health): how often the beat asks a worker for it, and how old it may
# be before /health/ready/ says the portal is not ready.
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=60)
WORKER_HEARTBEAT_STALE_SECONDS = env.int("WORKER_HEARTBEAT_STALE_SECONDS", default=300)
# Who may read /metrics, straight from a web process (never through the proxy): the scraper's
# network. The compose network by default (leep.metrics, decision 0027).
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "172.30.0.0/24"])

CELERY_BEAT_SCHEDULE = {
    # The report entries, in the one schedule; run a single beat (docker-compose.yml has one).
    "start-termly-reports": {
        "task": "governance.tasks.start_termly_reports",
        "schedule": REPORT_BEAT_INTERVAL_SECONDS,
    },
    # Reports whose task message was lost or whose worker died are sent again once stale.
    "requeue-stale-reports": {
        "task": "governance.tasks.requeue_stale_reports",
        "schedule": REPORT_BEAT_INTERVAL_SECONDS,
    },
    "remind-reviews-due": {"task": "support.tasks.remind_reviews_due", "schedule": 60 * 60 * 24},
    "remind-terms-review": {"task": "governance.tasks.remind_terms_review", "schedule": 60 * 60 * 24},
    # Every retention rule, consultation responses included, in one daily run (partnership.retention).
    "apply-retention-rules": {"task": "partnership.tasks.apply_retention", "schedule": 60 * 60 * 24},
    # Each person who chose a daily email of their messages gets one.
    "send-daily-digests": {"task": "partnership.tasks.send_digests", "schedule": 60 * 60 * 24},
    # A worker proves it is alive for /health/ready/ (leep.health).
    "worker-heartbeat": {"task": "leep.worker_heartbeat", "schedule": WORKER_HEARTBEAT_SECONDS},
    # Emails whose task message was lost are queued again; those whose worker died while sending
    # are marked in doubt, never resent by themselves (partnership.outbox, decision 0019).
    "requeue-emails": {"task": "partnership.tasks.requeue_emails", "schedule": EMAIL_BEAT_INTERVAL_SECONDS},
}

# How long records are kept (decision 0016). The retention task and the privacy page's record of
# processing both read these, so they cannot disagree.
SUPPORT_CASE_RETENTION_YEARS = env.int("SUPPORT_CASE_RETENTION_YEARS", default=6)
# A pupil in an inclusion partnership's records: years after the last involvement (decision 0020).
INCLUSION_PUPIL_RETENTION_YEARS = env.int("INCLUSION_PUPIL_RETENTION_YEARS", default=6)
# Refusals in a day, for one person, of a new pupil whose UPN is already recorded, before the
# refusals raise a security event (decision 0030).
UPN_REFUSALS_BEFORE_ALERT = env.int("UPN_REFUSALS_BEFORE_ALERT", default=3)
# How many years a pupil's year group may be from the one for their age, with a reason given
# (decision 0031); and how far ahead a roll, placement or move may be dated.
INCLUSION_YEAR_GROUP_TOLERANCE = env.int("INCLUSION_YEAR_GROUP_TOLERANCE", default=2)
INCLUSION_DAYS_AHEAD = env.int("INCLUSION_DAYS_AHEAD", default=92)
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=6 * 365)
SECURITY_EVENT_RETENTION_DAYS = env.int("SECURITY_EVENT_RETENTION_DAYS", default=2 * 365)
READ_NOTIFICATION_RETENTION_DAYS = env.int("READ_NOTIFICATION_RETENTION_DAYS", default=365)
# The email outbox's copy of an email that went (decision 0019): long enough to answer "was it sent?".
SENT_EMAIL_RETENTION_DAYS = env.int("SENT_EMAIL_RETENTION_DAYS", default=90)
if ACCESS_LOG_RETENTION_DAYS < 366:
    # The database refuses to delete access log entries under a year old (partnership migration 0006).
    raise ImproperlyConfigured("ACCESS_LOG_RETENTION_DAYS must be at least 366.")

# A day of support, in hours, for setting the hours logged against the days agreed.
SUPPORT_HOURS_PER_DAY = env.float("SUPPORT_HOURS_PER_DAY", default=6.5)

# Figures shown outside the LA that rest on fewer schools than this are suppressed.
SMALL_CELL_MIN_SCHOOLS = env.int("SMALL_CELL_MIN_SCHOOLS", default=5)
# Inclusion figures about fewer pupils than this (but more than none) are suppressed for everyone
# who may not see the pupils' records (decision 0021).
SMALL_PUPIL_COUNT_MIN = env.int("SMALL_PUPIL_COUNT_MIN", default=5)

SERVICE_NAME = env.str("SERVICE_NAME", default="Partnership portal")
# The address people reach the portal at, for links in emails sent where there is no request
# to take it from (notifications, scheduled reminders).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
PHASE = env.str("SERVICE_PHASE", default="Alpha")

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content security policy (django-csp): everything from the portal itself, nothing inline, no
# frames, no plugins. Pages work without JavaScript, and the little there is lives in static files.
# Decision record 0015 says why no exception is needed, the Django admin included.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# One structured line per log record in production (leep.logs, decision 0027); plain lines for a
# person at a terminal. LOG_FORMAT=json|plain overrides.
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "leep.logs.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "json": {"()": "leep.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
