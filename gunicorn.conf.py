"""gunicorn in production (read from the working directory): `gunicorn konzept.wsgi`.

Everything can be set from the environment; see the deployment section of the README.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes × threads: each thread holds one persistent database connection.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A fresh process now and then keeps memory in check.
max_requests = 2000
max_requests_jitter = 200
# Only the reverse proxy on this host may say that a request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request line and headers within limits; bodies are limited in Django (ANFRAGE_MAX_BYTES).
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
# Neither query strings (search words) nor bodies: method, path, status, size, duration.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
wsgi_app = "konzept.wsgi:application"


def post_worker_init(worker):
    """What loading the application created lives as long as the worker (modules, settings,
    models, URL patterns): out of the garbage collector's reach, each collection walks only
    what requests create."""
    gc.freeze()
