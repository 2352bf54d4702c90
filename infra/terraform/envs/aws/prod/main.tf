# Taskboard production on AWS: a thin root over modules/aws/taskboard.

# Generated on every run but written only when secrets_version changes (write-only arguments),
# so the values live in RDS and Secrets Manager alone, never in the state or a plan.
ephemeral "aws_secretsmanager_random_password" "db" {
  password_length     = 40
  exclude_punctuation = true # it sits inside DATABASE_URL
}

ephemeral "aws_secretsmanager_random_password" "secret_key" {
  password_length     = 64
  exclude_punctuation = true
}

module "taskboard" {
  source = "../../../modules/aws/taskboard"

  name               = "taskboard-prod"
  availability_zones = var.availability_zones
  api_image          = var.api_image
  web_image          = var.web_image
  certificate_arn    = var.certificate_arn

  db_password     = ephemeral.aws_secretsmanager_random_password.db.random_password
  secret_key      = ephemeral.aws_secretsmanager_random_password.secret_key.random_password
  secrets_version = var.secrets_version

  api_desired_count = 2
  web_desired_count = 2
  db_multi_az       = var.db_multi_az

  environment_variables      = var.cors_origins == "" ? {} : { CORS_ORIGINS = var.cors_origins }
  enable_deletion_protection = var.enable_deletion_protection
}
