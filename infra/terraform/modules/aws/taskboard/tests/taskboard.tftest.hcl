# Logic of the stack module, with a mocked AWS provider (no account, no network):
# `terraform test` in this folder (the Pants target modules/aws/taskboard:tests runs it).

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  # The provider validates ARNs it is handed; mocked ones must look like ARNs.
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:111122223333:key/mock" }
  }
  mock_resource "aws_lb" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/mock/1" }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/mock/1" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:111122223333:log-group:mock" }
  }
  mock_resource "aws_service_discovery_service" {
    defaults = { arn = "arn:aws:servicediscovery:eu-west-1:111122223333:service/srv-mock" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::111122223333:role/mock" }
  }
}

variables {
  db_password        = "mockpassword0123456789"
  secret_key         = "mock-secret-key-0123456789abcdef0123456789"
  name               = "tb-test"
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  api_image          = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/taskboard-api:1.2.3-abc1234"
  web_image          = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/taskboard-web:1.2.3-abc1234"
  certificate_arn    = "arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c"
}

run "subnets_split_the_vpc_over_two_zones" {
  command = plan

  assert {
    condition     = tolist(aws_subnet.public[*].cidr_block) == tolist(["10.40.0.0/20", "10.40.16.0/20"])
    error_message = "public subnets must be the first two /20 blocks"
  }
  assert {
    condition     = tolist(aws_subnet.private[*].cidr_block) == tolist(["10.40.32.0/20", "10.40.48.0/20"])
    error_message = "private subnets must be the next two /20 blocks"
  }
  assert {
    condition     = tolist(aws_subnet.private[*].availability_zone) == var.availability_zones
    error_message = "one private subnet per zone"
  }
  assert {
    condition     = alltrue([for s in concat(aws_subnet.public, aws_subnet.private) : s.map_public_ip_on_launch == false])
    error_message = "no subnet hands out public addresses (the ALB and NAT have their own)"
  }
}

run "only_the_load_balancer_is_open_to_the_internet" {
  command = plan

  assert {
    condition     = toset([for k, r in aws_vpc_security_group_ingress_rule.this : k if r.cidr_ipv4 == "0.0.0.0/0"]) == toset(["alb_in_http", "alb_in_https"])
    error_message = "only the ALB's 80 and 443 may accept traffic from anywhere"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.this["db_in_api"].from_port == 5432 && aws_vpc_security_group_ingress_rule.this["db_in_api"].cidr_ipv4 == null
    error_message = "PostgreSQL accepts the API's security group only"
  }
  assert {
    condition     = !contains(keys(aws_vpc_security_group_egress_rule.this), "web_out_db")
    error_message = "the web tasks never reach the database"
  }
}

run "edge_redirects_http_and_ends_tls" {
  command = plan

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "redirect" && aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS"
    error_message = "port 80 only redirects to HTTPS"
  }
  assert {
    condition     = aws_lb_listener.https.protocol == "HTTPS" && startswith(aws_lb_listener.https.ssl_policy, "ELBSecurityPolicy-TLS13-1-2")
    error_message = "HTTPS listener must use a TLS 1.2+ policy"
  }
  assert {
    condition     = aws_lb_target_group.web.health_check[0].path == "/healthz" && aws_lb_target_group.web.port == 3000
    error_message = "the web target group checks /healthz on 3000"
  }
}

run "tasks_carry_the_images_and_the_migration_is_a_one_off" {
  command = apply

  assert {
    condition     = jsondecode(aws_ecs_task_definition.api.container_definitions)[0].image == var.api_image
    error_message = "the API task runs the given API image"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.web.container_definitions)[0].image == var.web_image
    error_message = "the web task runs the given web image"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.migrate.container_definitions)[0].command == ["migrate"] && jsondecode(aws_ecs_task_definition.migrate.container_definitions)[0].image == var.api_image
    error_message = "the migration runs the API image with the `migrate` command"
  }
  assert {
    condition     = !can(jsondecode(aws_ecs_task_definition.api.container_definitions)[0].command)
    error_message = "the API service keeps the image's default command (the server)"
  }
  assert {
    condition     = [for e in jsondecode(aws_ecs_task_definition.web.container_definitions)[0].environment : e.value if e.name == "API_URL"] == ["http://api.tb-test.internal:8000"]
    error_message = "the web reaches the API through Cloud Map DNS on 8000"
  }
  assert {
    condition     = toset([for s in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].secrets : s.name]) == toset(["DATABASE_URL", "SECRET_KEY"])
    error_message = "DATABASE_URL and SECRET_KEY come from Secrets Manager"
  }
  assert {
    condition     = alltrue([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : !contains(["DATABASE_URL", "SECRET_KEY"], e.name)])
    error_message = "no secret travels as a plain environment variable"
  }
  assert {
    condition     = aws_ecs_service.api.desired_count == 2 && length(aws_ecs_service.api.load_balancer) == 0
    error_message = "the API is not behind the public load balancer"
  }
}

run "database_is_private_encrypted_and_backed_up" {
  command = plan

  assert {
    condition     = !aws_db_instance.this.publicly_accessible && aws_db_instance.this.storage_encrypted
    error_message = "the database is private and encrypted"
  }
  assert {
    condition     = aws_db_instance.this.backup_retention_period == 14 && aws_db_instance.this.deletion_protection
    error_message = "backups for 14 days and deletion protection by default"
  }
  assert {
    condition     = aws_db_instance.this.password == null && aws_db_instance.this.password_wo_version == 1
    error_message = "the password is write-only (never in state)"
  }
  assert {
    condition     = aws_db_parameter_group.this.family == "postgres16"
    error_message = "parameter group family follows the engine version"
  }
}

run "images_from_this_accounts_ecr_are_pullable" {
  command = plan

  assert {
    condition = toset(local.ecr_repository_arns) == toset([
      "arn:aws:ecr:eu-west-1:111122223333:repository/taskboard-api",
      "arn:aws:ecr:eu-west-1:111122223333:repository/taskboard-web",
    ])
    error_message = "the execution role may pull exactly the two repositories"
  }
}

run "images_from_another_registry_get_no_ecr_grant" {
  command = plan

  variables {
    api_image = "ghcr.io/acme/taskboard-api:1.2.3"
    web_image = "ghcr.io/acme/taskboard-web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  }

  assert {
    condition     = length(local.ecr_repository_arns) == 0
    error_message = "no ECR pull grant for images outside this account's ECR"
  }
}

run "teardown_mode_skips_protection" {
  command = plan

  variables {
    enable_deletion_protection = false
  }

  assert {
    condition     = aws_db_instance.this.skip_final_snapshot && !aws_lb.this.enable_deletion_protection
    error_message = "without protection the stack can be destroyed in one go"
  }
  assert {
    condition     = alltrue([for s in aws_secretsmanager_secret.this : s.recovery_window_in_days == 0])
    error_message = "secrets are deleted at once when protection is off"
  }
}

run "latest_tag_is_rejected" {
  command = plan

  variables {
    api_image = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/taskboard-api:latest"
  }

  expect_failures = [var.api_image]
}

run "untagged_image_is_rejected" {
  command = plan

  variables {
    web_image = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/taskboard-web"
  }

  expect_failures = [var.web_image]
}

run "one_zone_is_rejected" {
  command = plan

  variables {
    availability_zones = ["eu-west-1a"]
  }

  expect_failures = [var.availability_zones]
}

run "secrets_cannot_be_plain_variables" {
  command = plan

  variables {
    environment_variables = { SECRET_KEY = "hunter2" }
  }

  expect_failures = [var.environment_variables]
}
