# Two Cloud Run services, each with its own service account, and the migration as a job.
# The API accepts traffic from inside the VPC only (the web's egress goes through the connector);
# the web accepts the internet, or only the load balancer when a domain is set.
resource "google_service_account" "api" {
  project      = var.project_id
  account_id   = "${var.name}-api"
  display_name = "Taskboard API (${var.name})"
}

resource "google_service_account" "web" {
  project      = var.project_id
  account_id   = "${var.name}-web"
  display_name = "Taskboard web (${var.name})"
}

# Least privilege: the API reads its two secrets; the web needs no Google API at all.
resource "google_secret_manager_secret_iam_member" "api" {
  for_each = google_secret_manager_secret.this

  project   = var.project_id
  secret_id = each.value.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.api.email}"
}

locals {
  api_env = {
    ENVIRONMENT   = "production"
    LOG_JSON      = "true"
    COOKIE_SECURE = "true"
    HSTS          = "true"
  }
  api_secrets = {
    DATABASE_URL = google_secret_manager_secret.this["database-url"].secret_id
    SECRET_KEY   = google_secret_manager_secret.this["secret-key"].secret_id
  }
}

resource "google_cloud_run_v2_service" "api" {
  project             = var.project_id
  name                = "${var.name}-api"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_INTERNAL_ONLY"
  deletion_protection = var.enable_deletion_protection
  labels              = local.labels

  template {
    service_account = google_service_account.api.email

    scaling {
      min_instance_count = var.api_instances.min
      max_instance_count = var.api_instances.max
    }

    vpc_access {
      connector = google_vpc_access_connector.this.id
      egress    = "PRIVATE_RANGES_ONLY"
    }

    containers {
      image = var.api_image

      ports {
        container_port = 8000
      }

      resources {
        limits = { cpu = "1", memory = "512Mi" }
      }

      dynamic "env" {
        for_each = local.api_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.api_secrets
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value
              version = "latest"
            }
          }
        }
      }

      startup_probe {
        http_get {
          path = "/readyz"
        }
        period_seconds    = 5
        failure_threshold = 12
      }

      liveness_probe {
        http_get {
          path = "/healthz"
        }
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.api, google_secret_manager_secret_version.database_url]
}

# Internal ingress is the API's gate (only the VPC reaches it); the web's proxy sends no
# Google identity token, so invocation itself is open.
resource "google_cloud_run_v2_service_iam_member" "api_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.api.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# The one-off migration: the API image with `migrate` as its command (Cloud Run `args` replace
# the image's CMD). Run it with `gcloud run jobs execute ... --wait` before each release.
resource "google_cloud_run_v2_job" "migrate" {
  project             = var.project_id
  name                = "${var.name}-migrate"
  location            = var.region
  deletion_protection = var.enable_deletion_protection
  labels              = local.labels

  template {
    task_count = 1

    template {
      service_account = google_service_account.api.email
      max_retries     = 0
      timeout         = "600s"

      vpc_access {
        connector = google_vpc_access_connector.this.id
        egress    = "PRIVATE_RANGES_ONLY"
      }

      containers {
        image = var.api_image
        args  = ["migrate"]

        dynamic "env" {
          for_each = local.api_env
          content {
            name  = env.key
            value = env.value
          }
        }

        dynamic "env" {
          for_each = local.api_secrets
          content {
            name = env.key
            value_source {
              secret_key_ref {
                secret  = env.value
                version = "latest"
              }
            }
          }
        }
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.api, google_secret_manager_secret_version.database_url]
}

resource "google_cloud_run_v2_service" "web" {
  project             = var.project_id
  name                = "${var.name}-web"
  location            = var.region
  ingress             = var.domain == null ? "INGRESS_TRAFFIC_ALL" : "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
  deletion_protection = var.enable_deletion_protection
  labels              = local.labels

  template {
    service_account = google_service_account.web.email

    scaling {
      min_instance_count = var.web_instances.min
      max_instance_count = var.web_instances.max
    }

    # All egress through the VPC, so the API sees the web's calls as internal traffic.
    vpc_access {
      connector = google_vpc_access_connector.this.id
      egress    = "ALL_TRAFFIC"
    }

    containers {
      image = var.web_image

      ports {
        container_port = 3000
      }

      resources {
        limits = { cpu = "1", memory = "512Mi" }
      }

      env {
        name  = "NODE_ENV"
        value = "production"
      }

      env {
        name  = "API_URL"
        value = google_cloud_run_v2_service.api.uri
      }

      startup_probe {
        http_get {
          path = "/healthz"
        }
      }

      liveness_probe {
        http_get {
          path = "/healthz"
        }
      }
    }
  }
}

resource "google_cloud_run_v2_service_iam_member" "web_public" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.web.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}
