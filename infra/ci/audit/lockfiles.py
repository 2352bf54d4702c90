"""Known-vulnerability audit of every lockfile: pip-audit over the Python resolves, pnpm audit
over the web's.

    ./pants run infra/ci/audit:audit -- [--only python|web]

Each Python lockfile's pins (with their hashes) go to `pip-audit --strict`, so a package the
advisory source cannot answer for fails the audit instead of passing as "no known
vulnerabilities". The web's production dependencies go to `pnpm audit --prod`. A finding is
accepted only by a dated, reasoned entry of `ignores.toml`; an entry past its date fails the
audit. Exit status: 0 clean, 1 a vulnerability (or an expired ignore), 2 no verdict (the
advisory source did not answer for every package).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

CLEAN, VULNERABLE, NO_VERDICT = 0, 1, 2


@dataclass(frozen=True)
class Ignore:
    """A known vulnerability accepted until a date, for a stated reason."""

    id: str
    package: str
    until: datetime.date
    reason: str


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def read_ignores(text: str) -> list[Ignore]:
    """The `[[ignore]]` entries of ignores.toml; each needs id, package, until and reason."""
    entries = tomllib.loads(text).get("ignore", [])
    ignores = []
    for number, entry in enumerate(entries, start=1):
        missing = [key for key in ("id", "package", "until", "reason") if not entry.get(key)]
        if missing or not isinstance(entry["until"], datetime.date):
            raise ValueError(
                f"ignore #{number}: needs id, package, reason and an until date (YYYY-MM-DD)"
                + (f"; missing {', '.join(missing)}" if missing else "")
            )
        ignores.append(Ignore(entry["id"], entry["package"], entry["until"], entry["reason"]))
    return ignores


def expired(ignores: Iterable[Ignore], today: datetime.date) -> list[Ignore]:
    return [ignore for ignore in ignores if ignore.until < today]


def pinned_requirements(lockfile_text: str) -> list[str]:
    """A Pants (pex) lockfile's pins as hashed requirement lines, for `pip-audit -r`."""
    lines = lockfile_text.splitlines(keepends=True)
    body = "".join(line for line in lines if not line.startswith("//"))
    pins = []
    for resolve in json.loads(body)["locked_resolves"]:
        for pin in resolve["locked_requirements"]:
            hashes = " ".join(f"--hash={a['algorithm']}:{a['hash']}" for a in pin["artifacts"])
            pins.append(f"{pin['project_name']}=={pin['version']} {hashes}")
    return sorted(pins)


def npm_findings(report: Mapping[str, object], ignored: set[str]) -> list[str]:
    """`pnpm audit --json` advisories not ignored, one line each (package, id, severity)."""
    advisories = report.get("advisories")
    if not isinstance(advisories, dict):
        error = report.get("error")
        raise ValueError(str(error.get("message") if isinstance(error, dict) else report)[:400])
    findings = []
    for advisory in advisories.values():
        ids = {str(advisory.get("github_advisory_id")), *map(str, advisory.get("cves") or [])}
        if ids.isdisjoint(ignored):
            findings.append(
                f"{advisory.get('module_name')} {advisory.get('vulnerable_versions')}: "
                f"{advisory.get('github_advisory_id')} ({advisory.get('severity')}) "
                f"{advisory.get('title')}"
            )
    return sorted(findings)


def audit_python(lockfiles: Sequence[Path], ignores: Sequence[Ignore]) -> int:
    worst = CLEAN
    with tempfile.TemporaryDirectory() as scratch:
        for lockfile in lockfiles:
            requirements = Path(scratch, f"{lockfile.stem}.txt")
            pins = pinned_requirements(lockfile.read_text())
            requirements.write_text("\n".join(pins) + "\n")
            command = [sys.executable, "-m", "pip_audit", "-r", str(requirements)]
            command += ["--disable-pip", "--strict", "--progress-spinner", "off"]
            for ignore in ignores:
                command += ["--ignore-vuln", ignore.id]
            result = subprocess.run(  # noqa: S603 - pip-audit, fixed argv
                command, capture_output=True, text=True, check=False
            )
            if result.returncode == 0:
                say(f"audit: {lockfile.name}: {len(pins)} packages, no known vulnerability")
                continue
            errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
            if errors:
                # --strict: a package the source could not answer for. pip-audit names each one.
                reason = errors[0].split(":", 2)[-1].strip()
                say(
                    f"audit: {lockfile.name}: no verdict, the advisory source could not answer "
                    f"for all {len(pins)} packages ({reason})"
                )
                worst = max(worst, NO_VERDICT)
            else:
                say(f"audit: {lockfile.name}: known vulnerabilities:\n{result.stdout.rstrip()}")
                worst = max(worst, VULNERABLE)
    return worst


def audit_web(web: Path, ignores: Sequence[Ignore]) -> int:
    pnpm = os.environ.get("TASKBOARD_PNPM")
    if not pnpm:
        say("audit: TASKBOARD_PNPM is unset: run it through ./pants (its launcher installs pnpm)")
        return NO_VERDICT
    command = ["node", pnpm, "audit", "--prod", "--json"]
    result = subprocess.run(  # noqa: S603 - pnpm, fixed argv
        command, cwd=web, capture_output=True, text=True, check=False
    )
    try:
        findings = npm_findings(json.loads(result.stdout), {ignore.id for ignore in ignores})
    except (ValueError, json.JSONDecodeError) as error:
        detail = str(error) or result.stderr.strip()[:300]
        say(f"audit: pnpm-lock.yaml: no verdict, the npm advisory endpoint failed: {detail}")
        return NO_VERDICT
    if findings:
        say("audit: pnpm-lock.yaml: known vulnerabilities:\n  " + "\n  ".join(findings))
        return VULNERABLE
    say("audit: pnpm-lock.yaml: production dependencies, no known vulnerability")
    return CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="infra/ci/audit", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--only", choices=("python", "web"))
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository's root")
    args = parser.parse_args(argv)
    root: Path = args.root
    try:
        ignores = read_ignores((root / "infra/ci/audit/ignores.toml").read_text())
    except (OSError, ValueError, tomllib.TOMLDecodeError) as error:
        say(f"audit: infra/ci/audit/ignores.toml: {error}")
        return VULNERABLE
    worst = CLEAN
    for ignore in expired(ignores, datetime.datetime.now(tz=datetime.UTC).date()):
        say(f"audit: the ignore of {ignore.id} ({ignore.package}) expired on {ignore.until}")
        worst = VULNERABLE
    if args.only != "web":
        lockfiles = sorted((root / "3rdparty/python").glob("*.lock"))
        worst = max(worst, audit_python(lockfiles, ignores))
    if args.only != "python":
        worst = max(worst, audit_web(root / "src/web", ignores))
    return worst


if __name__ == "__main__":
    sys.exit(main())
