# PostgreSQL in the private subnets: encrypted, backed up, reachable from the API tasks only.
resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = aws_subnet.private[*].id
  tags       = local.tags
}

resource "aws_db_parameter_group" "this" {
  name   = var.name
  family = "postgres${split(".", var.db_engine_version)[0]}"
  tags   = local.tags

  # Clients must use TLS; the API's DATABASE_URL asks for it (ssl=require).
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  # checkov:skip=CKV_AWS_118:Enhanced monitoring needs its own role and costs per instance; CloudWatch metrics and Performance Insights cover it.
  # checkov:skip=CKV_AWS_161:Password auth from Secrets Manager; IAM tokens expire in 15 minutes and the API's pool does not renew them.
  # checkov:skip=CKV_AWS_353:Performance Insights is off by default to keep the smallest size's cost; enable_performance_insights turns it on.
  # checkov:skip=CKV2_AWS_30:Query logging is on (log_min_duration_statement and the postgresql log export).
  identifier     = var.name
  engine         = "postgres"
  engine_version = var.db_engine_version
  instance_class = var.db_instance_class

  db_name             = "taskboard"
  username            = "taskboard"
  password_wo         = var.db_password
  password_wo_version = var.secrets_version
  port                = 5432

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.this.arn

  multi_az               = var.db_multi_az
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name
  # ca_cert_identifier stays unset: new instances get rds-ca-rsa2048-g1, and setting it costs a
  # ModifyDBInstance (and a second wait for "available") right after every create.

  backup_retention_period         = var.db_backup_retention_days
  backup_window                   = "03:00-04:00"
  maintenance_window              = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot           = true
  auto_minor_version_upgrade      = true
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  performance_insights_enabled          = var.enable_performance_insights
  performance_insights_kms_key_id       = var.enable_performance_insights ? aws_kms_key.this.arn : null
  performance_insights_retention_period = var.enable_performance_insights ? 7 : null

  deletion_protection       = var.enable_deletion_protection
  skip_final_snapshot       = !var.enable_deletion_protection
  final_snapshot_identifier = var.enable_deletion_protection ? "${var.name}-final" : null

  tags = local.tags
}
