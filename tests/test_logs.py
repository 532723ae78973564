"""No request can forge a log line: control characters are escaped in every log we write."""

import logging
from types import SimpleNamespace

from config.logs import AccessLogger, OneLineFormatter

FORGED = '/en/\r\n127.0.0.1 "GET /admin/ HTTP/1.1" 200'


def access_line(path: str) -> str:
    cfg = SimpleNamespace(access_log_format='"%(m)s %(U)s" %(s)s')
    logger = AccessLogger.__new__(AccessLogger)
    logger.cfg = cfg
    atoms = {"m": "GET", "U": path, "s": "200"}
    return cfg.access_log_format % logger.atoms_wrapper_class(atoms)


def test_a_path_with_cr_lf_stays_on_one_access_log_line():
    line = access_line(FORGED)
    assert "\r" not in line and "\n" not in line
    assert "\\x0d\\x0a" in line


def test_an_ordinary_path_is_logged_as_it_is():
    assert access_line("/en/structure/") == '"GET /en/structure/" 200'


def test_django_messages_with_cr_lf_stay_on_one_line():
    formatter = OneLineFormatter("{levelname} {message}", style="{")
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "Not found: %s", (FORGED,), None)
    formatted = formatter.format(record)
    assert "\n" not in formatted and "\r" not in formatted


def test_the_settings_use_the_one_line_formatter_and_gunicorn_the_access_logger():
    from django.conf import settings

    assert settings.LOGGING["formatters"]["plain"]["()"] == "config.logs.OneLineFormatter"
    namespace: dict = {}
    exec((settings.BASE_DIR / "config" / "gunicorn.py").read_text(), namespace)  # noqa: S102
    assert namespace["logger_class"] == "config.logs.AccessLogger"


def test_a_bad_host_is_logged_without_its_traceback(client, db):
    records = []
    catch = logging.Handler()
    catch.emit = records.append
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.addHandler(catch)
    try:
        response = client.get("/en/", HTTP_HOST="evil.example")
    finally:
        logger.removeHandler(catch)
    assert response.status_code == 400
    assert [(record.getMessage()[:26], record.exc_info) for record in records] == [
        ("Invalid HTTP_HOST header: ", None)
    ]
