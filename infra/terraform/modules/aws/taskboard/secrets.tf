# The secret values arrive as ephemeral variables (the roots generate them with an ephemeral
# resource) and are written with write-only arguments: they reach AWS but never the plan or the
# state. Bump var.secrets_version to write new values.

resource "aws_secretsmanager_secret" "this" {
  # checkov:skip=CKV2_AWS_57:Rotation is explicit: bump secrets_version, apply, then redeploy the services.
  for_each = toset(["database-url", "secret-key"])

  name                    = "${var.name}/${each.key}"
  description             = "Taskboard ${var.name}: ${upper(replace(each.key, "-", "_"))}"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.enable_deletion_protection ? 30 : 0
  tags                    = local.tags
}

resource "aws_secretsmanager_secret_version" "database_url" {
  secret_id                = aws_secretsmanager_secret.this["database-url"].id
  secret_string_wo         = "postgresql://${aws_db_instance.this.username}:${var.db_password}@${aws_db_instance.this.address}:${aws_db_instance.this.port}/${aws_db_instance.this.db_name}?ssl=require"
  secret_string_wo_version = var.secrets_version
}

resource "aws_secretsmanager_secret_version" "secret_key" {
  secret_id                = aws_secretsmanager_secret.this["secret-key"].id
  secret_string_wo         = var.secret_key
  secret_string_wo_version = var.secrets_version
}
