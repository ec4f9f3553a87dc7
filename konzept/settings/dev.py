"""Local development: debug on, SQLite under var/, demo sign-ins allowed."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool, env_list

VAR_DIR.mkdir(exist_ok=True)

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
DEMO_BENUTZER_ERLAUBT = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
