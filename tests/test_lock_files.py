"""The install is locked: every package pinned with hashes, production without the dev tools, and
the lock files in step with pyproject.toml (`make lock` regenerates them)."""

import re
import tomllib

import pytest

from tests.helpers import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", NAME.match(requirement).group(1)).lower()


def _pins(lock: str) -> dict[str, str]:
    """name -> the block of lines that pins it."""
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    return {_name(b): b for b in blocks if re.match(r"^[A-Za-z0-9][^\n]*==", b)}


RUNTIME = [_name(r) for r in PYPROJECT["project"]["dependencies"]]
DEV = [_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]]


@pytest.mark.parametrize("lock", ["production.txt", "development.txt"])
def test_every_package_in_a_lock_is_pinned_to_one_version_with_hashes(lock):
    pins = _pins(lock)
    assert pins
    for name, block in pins.items():
        assert re.search(r"==[^\s\\]+", block), name
        assert "--hash=sha256:" in block, f"{name} has no hash in {lock}"


def test_the_production_lock_pins_every_runtime_dependency_and_no_dev_tool():
    pins = _pins("production.txt")
    assert set(RUNTIME) <= set(pins), "run `make lock` after changing pyproject.toml"
    assert not set(DEV) & set(pins)
    for tool in ("pytest", "playwright", "faker", "ruff", "coverage"):
        assert tool not in pins


def test_the_development_lock_pins_the_same_runtime_versions_plus_the_dev_tools():
    production, development = _pins("production.txt"), _pins("development.txt")
    assert set(RUNTIME) | set(DEV) <= set(development), "run `make lock`"
    for name, block in production.items():
        assert block.split("\\")[0].strip() == development[name].split("\\")[0].strip(), name
