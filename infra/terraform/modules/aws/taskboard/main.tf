# Taskboard on AWS: a VPC over two zones, an ALB that ends TLS, ECS Fargate services for the web
# and the API (the migration is a one-off task of the API's image), RDS PostgreSQL in private
# subnets, secrets in Secrets Manager and logs in CloudWatch, all encrypted with one key.
# Files by concern: network.tf, edge.tf, services.tf, database.tf, secrets.tf, iam.tf.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  tags = merge(var.tags, { "app" = "taskboard", "stack" = var.name })

  # Ports the images listen on (infra/docker): the API on 8000, the web on 3000.
  api_port = 8000
  web_port = 3000

  # The API is reached by the web only, through Cloud Map DNS inside the VPC.
  api_namespace = "${var.name}.internal"
  api_url       = "http://api.${local.api_namespace}:${local.api_port}"
}

# One customer key for logs, secrets and the database: its policy lets CloudWatch Logs use it,
# and everything else goes through IAM in this account.
data "aws_iam_policy_document" "kms" {
  # checkov:skip=CKV_AWS_109:A key policy's "*" is the key itself; the root statement is AWS's default that hands control to IAM.
  # checkov:skip=CKV_AWS_111:Same: a key policy's "*" resource is the key, not every resource.
  # checkov:skip=CKV_AWS_356:Same: a key policy's "*" resource is the key, not every resource.
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid = "CloudWatchLogsEncrypts"
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:Encrypt",
      "kms:GenerateDataKey*",
      "kms:ReEncrypt*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/taskboard/${var.name}/*"]
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "${var.name}: logs, secrets and database"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms.json
  tags                    = local.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_cloudwatch_log_group" "this" {
  for_each = toset(["api", "web", "migrate"])

  name              = "/taskboard/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn
  tags              = local.tags
}
