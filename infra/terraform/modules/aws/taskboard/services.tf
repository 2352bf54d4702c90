# ECS Fargate: the web behind the ALB, the API behind Cloud Map DNS, and the migration as a
# task definition that runs once per release (`migrate` command of the API image), never on start.
resource "aws_ecs_cluster" "this" {
  name = var.name
  tags = local.tags

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

resource "aws_service_discovery_private_dns_namespace" "this" {
  name        = local.api_namespace
  description = "Service-to-service names of ${var.name}"
  vpc         = aws_vpc.this.id
  tags        = local.tags
}

resource "aws_service_discovery_service" "api" {
  name = "api"
  tags = local.tags

  dns_config {
    namespace_id   = aws_service_discovery_private_dns_namespace.this.id
    routing_policy = "MULTIVALUE"

    dns_records {
      type = "A"
      ttl  = 10
    }
  }

  health_check_custom_config {
    failure_threshold = 1
  }
}

locals {
  log_options = {
    for k, g in aws_cloudwatch_log_group.this : k => {
      "awslogs-group"         = g.name
      "awslogs-region"        = local.region
      "awslogs-stream-prefix" = k
    }
  }

  api_environment = [for k, v in merge({
    ENVIRONMENT   = "production"
    HOST          = "0.0.0.0"
    PORT          = tostring(local.api_port)
    LOG_JSON      = "true"
    COOKIE_SECURE = "true"
    HSTS          = "true"
  }, var.environment_variables) : { name = k, value = v }]

  api_secrets = [
    { name = "DATABASE_URL", valueFrom = aws_secretsmanager_secret.this["database-url"].arn },
    { name = "SECRET_KEY", valueFrom = aws_secretsmanager_secret.this["secret-key"].arn },
  ]

  # The images run as their own non-root USER; no Linux capability is needed by either.
  hardened = {
    linuxParameters = { initProcessEnabled = true, capabilities = { drop = ["ALL"] } }
  }
}

resource "aws_ecs_task_definition" "api" {
  family                   = "${var.name}-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_size.cpu
  memory                   = var.task_size.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  tags                     = local.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([merge(local.hardened, {
    readonlyRootFilesystem = true
    name                   = "api"
    image                  = var.api_image
    essential              = true
    portMappings           = [{ containerPort = local.api_port, protocol = "tcp", name = "http" }]
    environment            = local.api_environment
    secrets                = local.api_secrets
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp" }]
    healthCheck = {
      command     = ["CMD", "python3", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:${local.api_port}/readyz').status != 200)"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 20
    }
    logConfiguration = { logDriver = "awslogs", options = local.log_options["api"] }
  })])
}

# The one-off migration: the API image with the `migrate` command. Run it before updating the
# services (docs/operations/deploy-aws.md); `aws ecs run-task` waits for its exit code.
resource "aws_ecs_task_definition" "migrate" {
  family                   = "${var.name}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  tags                     = local.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([merge(local.hardened, {
    readonlyRootFilesystem = true
    name                   = "migrate"
    image                  = var.api_image
    essential              = true
    command                = ["migrate"]
    environment            = local.api_environment
    secrets                = local.api_secrets
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp" }]
    logConfiguration       = { logDriver = "awslogs", options = local.log_options["migrate"] }
  })])
}

resource "aws_ecs_task_definition" "web" {
  # checkov:skip=CKV_AWS_336:Next.js writes its cache under .next/cache inside the image; the API and migration tasks are read-only.
  family                   = "${var.name}-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_size.cpu
  memory                   = var.task_size.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  tags                     = local.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([merge(local.hardened, {
    name         = "web"
    image        = var.web_image
    essential    = true
    portMappings = [{ containerPort = local.web_port, protocol = "tcp", name = "http" }]
    environment = [
      { name = "NODE_ENV", value = "production" },
      { name = "HOSTNAME", value = "0.0.0.0" },
      { name = "PORT", value = tostring(local.web_port) },
      { name = "API_URL", value = local.api_url },
    ]
    mountPoints      = [{ sourceVolume = "tmp", containerPath = "/tmp" }]
    logConfiguration = { logDriver = "awslogs", options = local.log_options["web"] }
  })])
}

resource "aws_ecs_service" "api" {
  name                   = "api"
  cluster                = aws_ecs_cluster.this.id
  task_definition        = aws_ecs_task_definition.api.arn
  desired_count          = var.api_desired_count
  launch_type            = "FARGATE"
  enable_execute_command = false
  propagate_tags         = "SERVICE"
  tags                   = local.tags

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.api.id]
    assign_public_ip = false
  }

  service_registries {
    registry_arn = aws_service_discovery_service.api.arn
  }

  depends_on = [aws_iam_role_policy.execution]
}

resource "aws_ecs_service" "web" {
  name                   = "web"
  cluster                = aws_ecs_cluster.this.id
  task_definition        = aws_ecs_task_definition.web.arn
  desired_count          = var.web_desired_count
  launch_type            = "FARGATE"
  enable_execute_command = false
  propagate_tags         = "SERVICE"
  tags                   = local.tags

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 30

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.web.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = local.web_port
  }

  depends_on = [aws_lb_listener.https, aws_iam_role_policy.execution]
}
