# PostgreSQL on a private IP only, TLS required, backed up with point-in-time recovery.
resource "google_sql_database_instance" "this" {
  # checkov:skip=CKV_GCP_79:The major version is chosen with the app's tested versions (16 on every cloud), upgraded deliberately.
  # checkov:skip=CKV_GCP_6:ENCRYPTED_ONLY requires TLS; client certificates would have to be distributed to Cloud Run.
  # checkov:skip=CKV2_GCP_13:Query Insights records statement latency; log_duration on every statement floods Cloud Logging.
  project             = var.project_id
  name                = var.name
  region              = var.region
  database_version    = "POSTGRES_16"
  deletion_protection = var.enable_deletion_protection

  settings {
    tier                        = var.db_tier
    edition                     = "ENTERPRISE"
    availability_type           = var.db_availability_type
    disk_type                   = "PD_SSD"
    disk_size                   = 10
    disk_autoresize             = true
    deletion_protection_enabled = var.enable_deletion_protection
    user_labels                 = local.labels

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      start_time                     = "03:00"
      transaction_log_retention_days = 7

      backup_retention_settings {
        retained_backups = 14
      }
    }

    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.this.id
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    maintenance_window {
      day          = 7
      hour         = 4
      update_track = "stable"
    }

    insights_config {
      query_insights_enabled = true
    }

    # Connection, lock, slow-statement and DDL logging, and pgAudit (CIS PostgreSQL benchmark).
    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }

    database_flags {
      name  = "log_connections"
      value = "on"
    }

    database_flags {
      name  = "log_disconnections"
      value = "on"
    }

    database_flags {
      name  = "log_hostname"
      value = "on"
    }

    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }

    # -1: statement text (and its parameters) stays out of the logs; Query Insights has latency.
    database_flags {
      name  = "log_min_duration_statement"
      value = "-1"
    }

    database_flags {
      name  = "log_min_messages"
      value = "warning"
    }

    database_flags {
      name  = "log_min_error_statement"
      value = "error"
    }

    database_flags {
      name  = "log_statement"
      value = "ddl"
    }

    database_flags {
      name  = "log_temp_files"
      value = "0"
    }

    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }
  }

  depends_on = [google_service_networking_connection.this]
}

resource "google_sql_database" "this" {
  project  = var.project_id
  name     = "taskboard"
  instance = google_sql_database_instance.this.name
}

resource "google_sql_user" "this" {
  project             = var.project_id
  name                = "taskboard"
  instance            = google_sql_database_instance.this.name
  password_wo         = var.db_password
  password_wo_version = var.secrets_version
}
