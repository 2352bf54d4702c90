# The secret values arrive as ephemeral variables and are written with write-only arguments:
# they reach Secret Manager but never the plan or the state.
resource "google_secret_manager_secret" "this" {
  for_each = toset(["database-url", "secret-key"])

  project   = var.project_id
  secret_id = "${var.name}-${each.key}"
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.this]
}

resource "google_secret_manager_secret_version" "database_url" {
  secret                 = google_secret_manager_secret.this["database-url"].id
  secret_data_wo         = "postgresql://${google_sql_user.this.name}:${var.db_password}@${google_sql_database_instance.this.private_ip_address}:5432/${google_sql_database.this.name}?ssl=require"
  secret_data_wo_version = var.secrets_version
}

resource "google_secret_manager_secret_version" "secret_key" {
  secret                 = google_secret_manager_secret.this["secret-key"].id
  secret_data_wo         = var.secret_key
  secret_data_wo_version = var.secrets_version
}
