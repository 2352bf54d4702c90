# Taskboard on Google Cloud: Cloud Run v2 services for the web and the API (the migration is a
# Cloud Run job of the API image), Cloud SQL PostgreSQL on a private IP reached through a
# serverless VPC connector, Secret Manager, and an optional HTTPS load balancer for a domain.
# Files by concern: network.tf, database.tf, secrets.tf, services.tf, edge.tf.

locals {
  labels = merge(var.labels, { app = "taskboard", stack = var.name })

  apis = toset([
    "compute.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "servicenetworking.googleapis.com",
    "sqladmin.googleapis.com",
    "vpcaccess.googleapis.com",
  ])
}

resource "google_project_service" "this" {
  for_each = local.apis

  project = var.project_id
  service = each.value
  # Other stacks of the project may rely on the same APIs.
  disable_on_destroy = false
}
