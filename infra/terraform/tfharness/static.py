"""Checks that need no provider: fmt, an HCL parse, checkov, and the provider schema where a
package carries it. They are what the clouds whose providers are not obtainable here get."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import hcl2

from tfharness import schema
from tfharness.environment import require
from tfharness.terraform import TREE, Terraform, cli_config, required_providers

_SKIP = re.compile(r"checkov:skip=([A-Z0-9_]+)(?::(.*))?")


def terraform_files(folder: Path) -> list[Path]:
    """The folder's Terraform sources and test files."""
    return sorted([*folder.glob("*.tf"), *folder.glob("tests/*.tftest.hcl")])


def check_fmt(folder: Path, scratch: Path) -> None:
    """`terraform fmt -check`: the files are formatted as Terraform formats them."""
    terraform = Terraform(workdir=folder, cli_config=cli_config(scratch, []))
    result = terraform.run("fmt", "-check", "-diff", "-recursive", "-no-color", check=False)
    assert result.returncode == 0, f"terraform fmt would change:\n{result.stdout}"


def check_parse(folder: Path) -> int:
    """Every file parses as HCL and declares something; returns how many files."""
    files = terraform_files(folder)
    assert files, f"no Terraform files in {folder}"
    for path in files:
        with path.open() as handle:
            parsed = hcl2.load(handle)
        assert {k for k in parsed if not k.startswith("__")}, f"{path} declares nothing"
    return len(files)


def skips_in(folders: list[Path]) -> dict[str, list[str]]:
    """checkov skip comments by check id -> their reasons; every one must give a reason."""
    found: dict[str, list[str]] = {}
    for folder in folders:
        for path in folder.rglob("*.tf"):
            for check_id, reason in _SKIP.findall(path.read_text()):
                assert reason.strip(), f"{path}: checkov skip {check_id} has no reason"
                found.setdefault(check_id, []).append(reason.strip())
    return found


def checkov_pex() -> Path:
    """The checkov PEX Pants built beside the test ($CHECKOV_PEX overrides)."""
    path = Path(os.environ.get("CHECKOV_PEX", "infra.terraform/checkov.pex"))
    require(path.is_file(), f"checkov PEX not found at {path} (run through ./pants test)")
    return path.resolve()


def run_checkov(folder: Path, home: Path) -> dict[str, Any]:
    """checkov over a folder (local modules resolved, no download); its JSON summary."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and PEX, fixed argv
        [
            sys.executable,
            str(checkov_pex()),
            "--directory",
            str(folder),
            "--framework",
            "terraform",
            "--skip-download",
            "--compact",
            "--output",
            "json",
        ],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode in {0, 1}, result.stderr[-4000:]
    report = json.loads(result.stdout)
    reports: list[dict[str, Any]] = report if isinstance(report, list) else [report]
    return {
        "failed": [
            f"{c['check_id']} {c['resource']} ({c['file_path']}): {c['check_name']}"
            for r in reports
            for c in r.get("results", {}).get("failed_checks", [])
        ],
        "skipped": {
            c["check_id"] for r in reports for c in r.get("results", {}).get("skipped_checks", [])
        },
        "parsing_errors": [
            e for r in reports for e in r.get("results", {}).get("parsing_errors", [])
        ],
        "passed": sum(len(r.get("results", {}).get("passed_checks", [])) for r in reports),
    }


def check_checkov(folders: list[Path], home: Path) -> None:
    """checkov finds nothing in the folders, and every skip in them is real and has a reason."""
    skips = skips_in(folders)
    skipped: set[str] = set()
    for folder in folders:
        report = run_checkov(folder, home)
        assert not report["parsing_errors"], report["parsing_errors"]
        assert not report["failed"], "checkov findings:\n" + "\n".join(report["failed"])
        skipped |= report["skipped"]
    stale = sorted(set(skips) - skipped)
    assert not stale, f"skip comments for checks that no longer fire: {stale}"


def check_schema(folder: Path) -> str | None:
    """Resource types and arguments against the pinned provider's schema, where a package
    carries it; returns why not checked otherwise."""
    for provider in required_providers(folder):
        if provider.source == "hashicorp/random":
            continue  # only an ephemeral password generator, no resource or data block
        if provider.source not in schema.SCHEMA_PACKAGES:
            return f"no package carries the {provider.source} schema: not checked"
        provider_schema = schema.load(provider.source)
        package = schema.SCHEMA_PACKAGES[provider.source][0]
        require(provider_schema is not None, f"{package} (infra-tools lockfile) is not installed")
        assert provider_schema is not None
        problems = schema.check_folder(folder, provider_schema)
        assert not problems, "\n".join(problems)
    return None


def cloud_folders(cloud: str) -> list[Path]:
    """Every module and root folder of one cloud (the folders holding *.tf files)."""
    return sorted(
        p
        for p in [*(TREE / "modules" / cloud).iterdir(), *(TREE / "envs" / cloud).iterdir()]
        if p.is_dir() and any(p.glob("*.tf"))
    )
