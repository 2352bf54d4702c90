output "url" {
  description = "Where the site is served: https://<domain> with a domain, else the web's run.app URL."
  value       = var.domain == null ? google_cloud_run_v2_service.web.uri : "https://${var.domain}"
}

output "lb_ip_address" {
  description = "Address for the domain's A record (null without a domain)."
  value       = var.domain == null ? null : google_compute_global_address.lb["this"].address
}

output "api_uri" {
  description = "The API's internal run.app URL (reachable from the VPC only)."
  value       = google_cloud_run_v2_service.api.uri
}

output "migrate_job_name" {
  description = "Cloud Run job of the migration: gcloud run jobs execute <name> --region <region> --wait."
  value       = google_cloud_run_v2_job.migrate.name
}

output "db_connection_name" {
  description = "Cloud SQL connection name (project:region:instance)."
  value       = google_sql_database_instance.this.connection_name
}

output "db_private_ip" {
  description = "Private address of PostgreSQL."
  value       = google_sql_database_instance.this.private_ip_address
}

output "secret_ids" {
  description = "Secret Manager secrets by name (values are write-only: never in state)."
  value       = { for k, s in google_secret_manager_secret.this : k => s.id }
}
