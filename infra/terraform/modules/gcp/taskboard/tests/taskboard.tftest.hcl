# Logic of the GCP stack with a mocked provider. Not run on this project's machines (the google
# provider is not obtainable there); runs where TASKBOARD_TF_REGISTRY=1 lets init download it.

mock_provider "google" {}

variables {
  project_id  = "taskboard-test"
  region      = "europe-west1"
  name        = "tb-test"
  api_image   = "europe-west1-docker.pkg.dev/taskboard-test/taskboard/taskboard-api:1.2.3"
  web_image   = "europe-west1-docker.pkg.dev/taskboard-test/taskboard/taskboard-web:1.2.3"
  db_password = "mockpassword0123456789"
  secret_key  = "mock-secret-key-0123456789abcdef0123456789"
}

run "database_is_private_and_requires_tls" {
  command = plan

  assert {
    condition     = google_sql_database_instance.this.settings[0].ip_configuration[0].ipv4_enabled == false
    error_message = "Cloud SQL has no public address"
  }
  assert {
    condition     = google_sql_database_instance.this.settings[0].ip_configuration[0].ssl_mode == "ENCRYPTED_ONLY"
    error_message = "connections must use TLS"
  }
  assert {
    condition     = google_sql_database_instance.this.settings[0].backup_configuration[0].point_in_time_recovery_enabled
    error_message = "point-in-time recovery is on"
  }
}

run "api_is_internal_and_migration_runs_the_api_image" {
  command = plan

  assert {
    condition     = google_cloud_run_v2_service.api.ingress == "INGRESS_TRAFFIC_INTERNAL_ONLY"
    error_message = "the API takes traffic from the VPC only"
  }
  assert {
    condition     = google_cloud_run_v2_job.migrate.template[0].template[0].containers[0].args == tolist(["migrate"]) && google_cloud_run_v2_job.migrate.template[0].template[0].containers[0].image == var.api_image
    error_message = "the migration is the API image with `migrate`"
  }
  assert {
    condition     = length(google_compute_global_forwarding_rule.https) == 0
    error_message = "no load balancer without a domain"
  }
}

run "a_domain_adds_the_https_load_balancer" {
  command = plan

  variables {
    domain = "taskboard.example.com"
  }

  assert {
    condition     = google_compute_global_forwarding_rule.https["this"].port_range == "443" && google_compute_global_forwarding_rule.http["this"].port_range == "80"
    error_message = "HTTPS on 443 and the redirect on 80"
  }
  assert {
    condition     = google_cloud_run_v2_service.web.ingress == "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
    error_message = "with a load balancer the web is reachable only through it"
  }
}

run "latest_tag_is_rejected" {
  command = plan

  variables {
    api_image = "europe-west1-docker.pkg.dev/taskboard-test/taskboard/taskboard-api:latest"
  }

  expect_failures = [var.api_image]
}
