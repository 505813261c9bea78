"""Local development: debug on, e-mail printed to the console."""

from config.env import env

from .base import *

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me-in-any-shared-environment"
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000"
)
# Serve static files through WhiteNoise without collectstatic, also with DEBUG off
# (the browser tests run the development settings with DEBUG off).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
