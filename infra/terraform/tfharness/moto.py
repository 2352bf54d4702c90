"""A moto server on 127.0.0.1 for a real `terraform apply`, and the provider override for it."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Services the roots call. The provider's `endpoints` names them; all go to the one server.
AWS_SERVICES = (
    "acm",
    "ec2",
    "ecr",
    "ecs",
    "elbv2",
    "iam",
    "kms",
    "logs",
    "rds",
    "route53",
    "s3",
    "secretsmanager",
    "servicediscovery",
    "sts",
)
REGION = "eu-west-1"
ACCOUNT_ID = "123456789012"  # moto's default account
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "moto", "AWS_SECRET_ACCESS_KEY": "moto"}


@dataclass(frozen=True)
class MotoServer:
    """A running moto server."""

    url: str
    log: Path

    def override_tf(self) -> str:
        """A `*_override.tf` body pointing the root's AWS provider at this server."""
        endpoints = "\n".join(f'    {name} = "{self.url}"' for name in AWS_SERVICES)
        return (
            'provider "aws" {\n'
            "  skip_credentials_validation = true\n"
            "  skip_requesting_account_id  = true\n"
            "  skip_metadata_api_check     = true\n"
            "  s3_use_path_style           = true\n"
            f"  endpoints {{\n{endpoints}\n  }}\n"
            "}\n"
        )

    def backend_config(self, bucket: str) -> list[str]:
        """`-backend-config` arguments for the S3 backend on this server."""
        return [
            f"-backend-config=bucket={bucket}",
            f"-backend-config=region={REGION}",
            f'-backend-config=endpoints={{s3="{self.url}",sts="{self.url}"}}',
            "-backend-config=use_path_style=true",
            "-backend-config=skip_credentials_validation=true",
            "-backend-config=skip_requesting_account_id=true",
            "-backend-config=skip_metadata_api_check=true",
        ]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], deadline: float) -> bool:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
            urllib.request.urlopen(f"{url}/moto-api/", timeout=1) as response,  # noqa: S310 - our loopback URL
        ):
            if response.status == 200:
                return True
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def moto_server(log_dir: Path, attempts: int = 3) -> Iterator[MotoServer]:
    """Start `moto.server` on a free loopback port; stop it on exit, pass or fail."""
    log = log_dir / "moto.log"
    for _ in range(attempts):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("ab") as sink:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed argv
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        try:
            if _wait_until_up(url, process, time.monotonic() + 30):
                yield MotoServer(url=url, log=log)
                return
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    raise RuntimeError(f"moto server did not start after {attempts} attempts:\n{log.read_text()}")
