"""gunicorn settings for `make serve` (read with ``gunicorn -c config/gunicorn.py``).

Every value can be changed from the environment; defaults suit one machine with a reverse proxy
(nginx, a load balancer) in front that terminates HTTPS and sets X-Forwarded-Proto/-For.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads let a worker keep serving while another request waits on the database or the cache.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Only the proxy in front may say which scheme and client address a request came from.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# One line per request, and every error, on standard output. The path is logged without
# its query string, so that nothing a visitor puts there (a token, a password) reaches the logs.
accesslog = "-"
# Control characters in a request (a decoded %0d%0a in the path) are escaped: see config/logs.py.
logger_class = "config.logs.AccessLogger"
errorlog = "/dev/stdout"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'

# No control socket (gunicorn 25+): nothing here uses it, and several servers on one machine
# would contend for its one default path.
control_socket_disable = True
