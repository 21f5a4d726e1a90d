"""Settings of a `db_worker` subprocess whose mail server never answers (the portal's own
settings, EMAIL_URL cannot name a custom backend): see tests/mail_backends.py."""

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.mail_backends.BlockingBackend"
