"""envs/aws/prod applied for real against moto: outputs, what AWS holds, no drift, destroy.

moto runs on a free port of 127.0.0.1 for this test only; the root keeps its production
configuration and gets a `moto_override.tf` pointing the provider's endpoints at it, and its
S3 backend (with S3-native locking) lives in a bucket on the same server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from tfharness.drift import MOTO_GAPS, unexplained_drift
from tfharness.moto import ACCOUNT_ID, CREDENTIALS, REGION, MotoServer, moto_server
from tfharness.terraform import Terraform, prepare

API_IMAGE = f"{ACCOUNT_ID}.dkr.ecr.{REGION}.amazonaws.com/taskboard-api:1.0.0-0123abc"
WEB_IMAGE = f"{ACCOUNT_ID}.dkr.ecr.{REGION}.amazonaws.com/taskboard-web:1.0.0-0123abc"
STATE_BUCKET = "taskboard-tfstate-test"
STATE_KEY = "taskboard/prod/terraform.tfstate"


@pytest.fixture
def moto(tmp_path: Path) -> Iterator[MotoServer]:
    with moto_server(tmp_path) as server:
        yield server


def client(moto: MotoServer, service: str) -> Any:
    return boto3.client(
        service,
        region_name=REGION,
        endpoint_url=moto.url,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def test_apply_outputs_no_drift_destroy(tmp_path: Path, moto: MotoServer) -> None:
    certificate_arn = client(moto, "acm").request_certificate(DomainName="taskboard.example.com")[
        "CertificateArn"
    ]
    s3 = client(moto, "s3")
    s3.create_bucket(Bucket=STATE_BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    terraform = prepare(
        tmp_path,
        "envs/aws/prod",
        env={
            **CREDENTIALS,
            "TF_VAR_api_image": API_IMAGE,
            "TF_VAR_web_image": WEB_IMAGE,
            "TF_VAR_certificate_arn": certificate_arn,
            "TF_VAR_enable_deletion_protection": "false",
            "TF_VAR_db_multi_az": "false",
        },
    )
    (terraform.workdir / "moto_override.tf").write_text(moto.override_tf())
    terraform.init(*moto.backend_config(STATE_BUCKET))
    try:
        terraform.run("apply", "-auto-approve", "-no-color")
        outputs = terraform.output()
        check_outputs(outputs, certificate_arn)
        check_what_aws_holds(moto, outputs, certificate_arn)
        check_secrets_stay_out_of_state(moto, s3, outputs)
        check_second_plan_is_empty(terraform)
    finally:
        destroyed = terraform.run("destroy", "-auto-approve", "-no-color", check=False)
    assert destroyed.returncode == 0, destroyed.stdout[-4000:] + destroyed.stderr[-4000:]
    check_nothing_left(moto)


def check_outputs(outputs: dict[str, Any], certificate_arn: str) -> None:
    assert re.fullmatch(
        r"https://taskboard-prod-\d+\.eu-west-1\.elb\.amazonaws\.com", outputs["url"]
    )
    assert outputs["alb_dns_name"] == outputs["url"].removeprefix("https://")
    assert outputs["cluster_name"] == "taskboard-prod"
    assert outputs["service_names"] == {"api": "api", "web": "web"}
    assert re.fullmatch(
        rf"arn:aws:ecs:{REGION}:{ACCOUNT_ID}:task-definition/taskboard-prod-migrate:\d+",
        outputs["migrate_task_definition_arn"],
    )
    assert set(outputs["secret_arns"]) == {"database-url", "secret-key"}
    for name, arn in outputs["secret_arns"].items():
        assert arn.startswith(
            f"arn:aws:secretsmanager:{REGION}:{ACCOUNT_ID}:secret:taskboard-prod/{name}-"
        )
    assert outputs["db_endpoint"].endswith(":5432")
    network = outputs["migrate_network"]
    assert len(network["subnets"]) == 2
    assert network["assignPublicIp"] == "DISABLED"
    assert outputs["log_group_names"] == {
        role: f"/taskboard/taskboard-prod/{role}" for role in ("api", "web", "migrate")
    }


def check_what_aws_holds(moto: MotoServer, outputs: dict[str, Any], certificate_arn: str) -> None:
    ecs = client(moto, "ecs")
    migrate = ecs.describe_task_definition(taskDefinition=outputs["migrate_task_definition_arn"])
    container = migrate["taskDefinition"]["containerDefinitions"][0]
    assert container["image"] == API_IMAGE
    assert container["command"] == ["migrate"]
    assert {s["name"] for s in container["secrets"]} == {"DATABASE_URL", "SECRET_KEY"}

    services = ecs.describe_services(cluster="taskboard-prod", services=["api", "web"])["services"]
    by_name = {s["serviceName"]: s for s in services}
    assert by_name["api"]["desiredCount"] == 2
    assert by_name["api"]["loadBalancers"] == []
    assert by_name["web"]["loadBalancers"][0]["containerPort"] == 3000

    elbv2 = client(moto, "elbv2")
    (balancer,) = elbv2.describe_load_balancers(Names=["taskboard-prod"])["LoadBalancers"]
    listeners = {
        listener["Port"]: listener
        for listener in elbv2.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])[
            "Listeners"
        ]
    }
    assert listeners[443]["Protocol"] == "HTTPS"
    assert listeners[443]["Certificates"][0]["CertificateArn"] == certificate_arn
    redirect = listeners[80]["DefaultActions"][0]
    assert redirect["Type"] == "redirect"
    assert redirect["RedirectConfig"]["Protocol"] == "HTTPS"

    (db,) = client(moto, "rds").describe_db_instances(DBInstanceIdentifier="taskboard-prod")[
        "DBInstances"
    ]
    assert db["StorageEncrypted"] is True
    assert db["PubliclyAccessible"] is False
    assert db["BackupRetentionPeriod"] == 14
    assert outputs["db_endpoint"] == f"{db['Endpoint']['Address']}:{db['Endpoint']['Port']}"


def check_secrets_stay_out_of_state(moto: MotoServer, s3: Any, outputs: dict[str, Any]) -> None:
    """The generated values reached Secrets Manager, and neither is in the remote state."""
    secrets = client(moto, "secretsmanager")
    database_url = secrets.get_secret_value(SecretId=outputs["secret_arns"]["database-url"])[
        "SecretString"
    ]
    secret_key = secrets.get_secret_value(SecretId=outputs["secret_arns"]["secret-key"])[
        "SecretString"
    ]
    match = re.fullmatch(
        r"postgresql://taskboard:([A-Za-z0-9]{40})@(.+)/taskboard\?ssl=require", database_url
    )
    assert match, "DATABASE_URL must name the instance and carry the generated password"
    password, host_port = match.groups()
    assert host_port == outputs["db_endpoint"]
    assert len(secret_key) == 64

    state = s3.get_object(Bucket=STATE_BUCKET, Key=STATE_KEY)["Body"].read().decode()
    json.loads(state)
    assert password not in state
    assert secret_key not in state
    # S3-native locking released its lock object.
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=STATE_BUCKET).get("Contents", [])]
    assert keys == [STATE_KEY]


def check_second_plan_is_empty(terraform: Terraform) -> None:
    plan = terraform.run(
        "plan", "-no-color", "-detailed-exitcode", "-out=second.tfplan", check=False
    )
    assert plan.returncode in {0, 2}, plan.stdout[-4000:] + plan.stderr[-4000:]
    shown = terraform.run("show", "-json", "second.tfplan").stdout
    unexplained, stale = unexplained_drift(shown, MOTO_GAPS)
    assert not unexplained, "drift after apply:\n" + "\n".join(unexplained)
    assert not stale, f"moto now round-trips these; drop them from MOTO_GAPS: {stale}"


def check_nothing_left(moto: MotoServer) -> None:
    ec2 = client(moto, "ec2")
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "tag:stack", "Values": ["taskboard-prod"]}])["Vpcs"]
    assert vpcs == []
    ecs = client(moto, "ecs")
    clusters = ecs.describe_clusters(clusters=["taskboard-prod"])["clusters"]
    # Deleted clusters stay visible as INACTIVE for a while (AWS does the same).
    assert all(c["status"] == "INACTIVE" for c in clusters), clusters
    assert client(moto, "rds").describe_db_instances()["DBInstances"] == []
    assert client(moto, "elbv2").describe_load_balancers()["LoadBalancers"] == []
    assert client(moto, "secretsmanager").list_secrets()["SecretList"] == []
