"""envs/aws/bootstrap: init and validate, then a real apply against moto, no drift, destroy."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from tfharness.checks import init_and_validate
from tfharness.drift import unexplained_drift
from tfharness.moto import ACCOUNT_ID, CREDENTIALS, REGION, moto_server
from tfharness.terraform import TREE, Provider, lock_file_providers, prepare

BUCKET = "taskboard-tfstate-bootstrap-test"


def test_lock_file_pins_the_mirrored_provider() -> None:
    assert lock_file_providers(TREE / "envs/aws/bootstrap") == [
        Provider("hashicorp/aws", "5.100.0")
    ]


def test_root_inits_from_its_lock_file_and_validates(tmp_path: Path) -> None:
    init_and_validate(tmp_path, "envs/aws/bootstrap")


def test_apply_creates_state_bucket_registries_and_oidc_role(tmp_path: Path) -> None:
    with moto_server(tmp_path) as moto:
        terraform = prepare(
            tmp_path,
            "envs/aws/bootstrap",
            env={
                **CREDENTIALS,
                "TF_VAR_state_bucket_name": BUCKET,
                "TF_VAR_github_repository": "acme/taskboard",
            },
        )
        (terraform.workdir / "moto_override.tf").write_text(moto.override_tf())
        terraform.init()
        try:
            terraform.run("apply", "-auto-approve", "-no-color")
            outputs = terraform.output()
            assert outputs["state_bucket"] == BUCKET
            assert outputs["repository_urls"] == {
                name: f"{ACCOUNT_ID}.dkr.ecr.{REGION}.amazonaws.com/{name}"
                for name in ("taskboard-api", "taskboard-web")
            }
            assert outputs["github_deploy_role_arn"] == (
                f"arn:aws:iam::{ACCOUNT_ID}:role/taskboard-github-deploy"
            )

            session = boto3.Session(
                aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                region_name=REGION,
            )
            s3 = session.client("s3", endpoint_url=moto.url)
            assert s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"
            encryption = s3.get_bucket_encryption(Bucket=BUCKET)
            rule = encryption["ServerSideEncryptionConfiguration"]["Rules"][0]
            assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
            policy = json.loads(s3.get_bucket_policy(Bucket=BUCKET)["Policy"])
            assert policy["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}

            role = session.client("iam", endpoint_url=moto.url).get_role(
                RoleName="taskboard-github-deploy"
            )["Role"]
            (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
            assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
            assert trust["Condition"]["StringEquals"] == {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": (
                    "repo:acme/taskboard:environment:production"
                ),
            }

            plan = terraform.run("plan", "-no-color", "-out=second.tfplan")
            shown = terraform.run("show", "-json", "second.tfplan").stdout
            unexplained, _ = unexplained_drift(shown, ())
            assert not unexplained, "drift after apply:\n" + "\n".join(unexplained)
            assert "No changes." in plan.stdout
        finally:
            destroyed = terraform.run("destroy", "-auto-approve", "-no-color", check=False)
        assert destroyed.returncode == 0, destroyed.stdout[-4000:] + destroyed.stderr[-4000:]
        assert BUCKET not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
