# Taskboard production on Google Cloud: a thin root over modules/gcp/taskboard.

# Generated on every run but written only when secrets_version changes (write-only arguments).
ephemeral "random_password" "db" {
  length  = 40
  special = false # it sits inside DATABASE_URL
}

ephemeral "random_password" "secret_key" {
  length  = 64
  special = false
}

module "taskboard" {
  source = "../../../modules/gcp/taskboard"

  project_id = var.project_id
  region     = var.region
  name       = "taskboard-prod"
  api_image  = var.api_image
  web_image  = var.web_image
  domain     = var.domain

  db_password     = ephemeral.random_password.db.result
  secret_key      = ephemeral.random_password.secret_key.result
  secrets_version = var.secrets_version
}
