"""The systemd units in deploy/ run commands that exist, from the checkout, with the settings file."""

import configparser
import shlex

import pytest
from django.core.management import get_commands

from tests.helpers import ROOT

UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))


def unit(path):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_each_service_runs_an_existing_command_from_the_checkout(path):
    service = unit(path)["Service"]
    assert service["WorkingDirectory"] == "/srv/asean-department"
    assert service["EnvironmentFile"] == "/etc/asean-department/env"
    command = shlex.split(service["ExecStart"])
    if command[:2] == ["/usr/bin/make", "serve"]:
        assert "\nserve:" in (ROOT / "Makefile").read_text()
    else:
        assert command[1] == "manage.py"
        assert command[2] in get_commands(), command


def test_each_timer_has_its_service():
    timers = sorted((ROOT / "deploy" / "systemd").glob("*.timer"))
    assert timers
    for timer in timers:
        assert timer.with_suffix(".service").exists()
        assert unit(timer)["Timer"]["OnCalendar"]
