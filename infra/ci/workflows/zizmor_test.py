"""zizmor (offline audits) finds nothing in the workflows; every ignore says why."""

from __future__ import annotations

import pathlib
import re
import subprocess

from workflows.tools import tool

CONFIG = ".github/zizmor.yml"
TARGETS = [".github/workflows", ".github/actions"]


def zizmor(*paths: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - zizmor from the lockfile, fixed argv
        [tool("zizmor"), "--offline", "--no-progress", "--config", CONFIG, *paths],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_workflows_have_no_findings() -> None:
    done = zizmor(*TARGETS)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def test_every_inline_ignore_gives_a_reason() -> None:
    ignores = []
    for path in pathlib.Path(".github").rglob("*.yml"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            m = re.search(r"#\s*zizmor:\s*ignore\[[\w,-]+\](.*)$", line)
            if m:
                ignores.append((f"{path}:{number}", m.group(1).strip()))
    assert ignores, "expected the documented ignores (artipacked, dangerous-triggers)"
    for where, reason in ignores:
        assert len(reason.split()) >= 4, f"{where}: an ignore needs a reason"


def test_every_disabled_rule_gives_a_reason() -> None:
    lines = pathlib.Path(CONFIG).read_text().splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "disable: true":
            assert lines[i - 1].strip().startswith("#"), f"{CONFIG}:{i + 1}: say why it is disabled"


def test_a_template_injection_is_found(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\n"
        "permissions: {}\n"
        "jobs:\n"
        "  greet:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    done = zizmor(str(bad.parent))
    assert done.returncode != 0
    assert "template-injection" in done.stdout
