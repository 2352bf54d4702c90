"""Run Terraform on a private copy of the tree, with providers from the local mirror only."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hcl2
import pytest

from tfharness.environment import (
    OBTAINABLE_HERE,
    plugin_mirror,
    provider_in_mirror,
    registry_allowed,
    require,
    terraform_binary,
)

# The folder holding modules/ and envs/, found from this file (a Pants sandbox or the repo).
TREE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Provider:
    """A provider a configuration needs: its source, and the version a lock file pins (if any)."""

    source: str
    version: str | None = None

    def __str__(self) -> str:
        return f"{self.source} {self.version}" if self.version else self.source


def copy_tree(dest: Path) -> Path:
    """Copy the Terraform tree (without local .terraform folders) to `dest`; return the copy."""
    target = dest / "terraform"
    shutil.copytree(
        TREE,
        target,
        ignore=shutil.ignore_patterns(".terraform", "*.tfstate*", "__pycache__", "*.py"),
    )
    return target


def cli_config(dest: Path, providers: Sequence[Provider]) -> Path:
    """Write a CLI config: providers the mirror holds come from it; the rest from the registry
    only where TASKBOARD_TF_REGISTRY=1, else the test skips (and says so)."""
    mirrored = [p for p in providers if provider_in_mirror(p.source, p.version)]
    missing = [p for p in providers if p not in mirrored]
    for provider in missing:
        # This machine kind carries these in its mirror: missing here is a broken machine.
        require(
            provider.source not in OBTAINABLE_HERE,
            f"provider {provider} is not in the mirror {plugin_mirror()}",
        )
    if missing and not registry_allowed():
        names = ", ".join(str(p) for p in missing)
        # Not obtainable on this machine kind, CI included: no registry, no package ships them.
        # This skip holds even with CI=true; docs/operations/deploy-<cloud>.md says the same.
        pytest.skip(
            f"provider {names} is not obtainable here (not in {plugin_mirror()}, and no registry "
            "access: set TASKBOARD_TF_REGISTRY=1 on a machine that reaches registry.terraform.io)"
        )
    methods = []
    if mirrored:
        include = ", ".join(f'"registry.terraform.io/{p.source}"' for p in mirrored)
        methods.append(
            f'  filesystem_mirror {{\n    path    = "{plugin_mirror()}"\n'
            f"    include = [{include}]\n  }}\n"
        )
    if missing:  # only where TASKBOARD_TF_REGISTRY=1 said the registry is reachable
        methods.append("  direct {}\n")
    config = dest / "terraform.tfrc"
    config.write_text("provider_installation {\n" + "".join(methods) + "}\n")
    return config


@dataclass
class Terraform:
    """Terraform in one root folder, with its own CLI config, plugin cache and environment."""

    workdir: Path
    cli_config: Path
    env: Mapping[str, str] = field(default_factory=dict)
    binary: str = field(default_factory=terraform_binary)

    def run(
        self, *args: str, check: bool = True, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        """Run `terraform <args>`; on failure the assertion shows its output."""
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.cli_config.parent),
            "TF_CLI_CONFIG_FILE": str(self.cli_config),
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "CHECKPOINT_DISABLE": "1",
            **self.env,
        }
        result = subprocess.run(  # noqa: S603 - argv of our own, no shell
            [self.binary, *args],
            cwd=self.workdir,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check:
            assert result.returncode == 0, (
                f"terraform {' '.join(args)} exited {result.returncode}\n"
                f"--- stdout\n{result.stdout[-6000:]}\n--- stderr\n{result.stderr[-6000:]}"
            )
        return result

    def init(self, *args: str) -> None:
        """`terraform init` that must match the committed lock file, where there is one."""
        lock = ["-lockfile=readonly"] if (self.workdir / ".terraform.lock.hcl").exists() else []
        self.run("init", "-no-color", *lock, *args)

    def validate(self) -> dict[str, Any]:
        """`terraform validate -json`, asserted valid with no warnings; returns the report."""
        report: dict[str, Any] = json.loads(self.run("validate", "-json", "-no-color").stdout)
        assert report["valid"], json.dumps(report["diagnostics"], indent=2)
        assert report["warning_count"] == 0, json.dumps(report["diagnostics"], indent=2)
        return report

    def output(self) -> dict[str, Any]:
        """The root's outputs as plain values."""
        raw: dict[str, dict[str, Any]] = json.loads(self.run("output", "-json").stdout)
        return {name: entry["value"] for name, entry in raw.items()}


def _unquote(value: object) -> str:
    return str(value).strip('"')


def _entries(block: dict[str, Any]) -> list[tuple[str, Any]]:
    """A parsed block's labelled entries, without python-hcl2's own `__is_block__` markers."""
    return [(key, value) for key, value in block.items() if not key.startswith("__")]


def lock_file_providers(folder: Path) -> list[Provider]:
    """The providers and exact versions a committed `.terraform.lock.hcl` pins."""
    with (folder / ".terraform.lock.hcl").open() as handle:
        parsed = hcl2.load(handle)
    return [
        Provider(
            source=_unquote(address).removeprefix("registry.terraform.io/"),
            version=_unquote(body["version"]),
        )
        for block in parsed.get("provider", [])
        for address, body in _entries(block)
    ]


def required_providers(folder: Path) -> list[Provider]:
    """The providers the `terraform { required_providers }` blocks of a folder name."""
    found: dict[str, Provider] = {}
    for tf_file in sorted(folder.glob("*.tf")):
        with tf_file.open() as handle:
            parsed = hcl2.load(handle)
        for terraform_block in parsed.get("terraform", []):
            for required in terraform_block.get("required_providers", []):
                for _, spec in _entries(required):
                    source = _unquote(spec["source"])
                    found[source] = Provider(source=source)
    return list(found.values())


def prepare(tmp_path: Path, folder: str, env: Mapping[str, str] | None = None) -> Terraform:
    """Terraform in a private copy of `folder` (relative to infra/terraform), its providers
    from the local mirror: from the lock file's exact versions where the folder commits one."""
    copy = copy_tree(tmp_path) / folder
    lock = copy / ".terraform.lock.hcl"
    providers = lock_file_providers(copy) if lock.exists() else required_providers(copy)
    assert providers, f"{folder} names no provider"
    config_dir = tmp_path / "cli"
    config_dir.mkdir(exist_ok=True)
    return Terraform(workdir=copy, cli_config=cli_config(config_dir, providers), env=env or {})


def test_summary(output: str) -> tuple[int, int]:
    """(passed, failed) from the last line of `terraform test`."""
    match = re.search(r"(\d+) passed, (\d+) failed", output)
    assert match, f"no summary in terraform test output:\n{output[-4000:]}"
    return int(match.group(1)), int(match.group(2))


def run_blocks(folder: Path) -> list[str]:
    """Names of the `run` blocks of a folder's tests/*.tftest.hcl files."""
    names: list[str] = []
    for test_file in sorted((folder / "tests").glob("*.tftest.hcl")):
        with test_file.open() as handle:
            parsed = hcl2.load(handle)
        names.extend(
            _unquote(name) for block in parsed.get("run", []) for name, _ in _entries(block)
        )
    return names
