output "workload_identity_provider" {
  description = "google-github-actions/auth `workload_identity_provider`."
  value       = google_iam_workload_identity_pool_provider.this.name
}

output "service_account_email" {
  description = "google-github-actions/auth `service_account`."
  value       = google_service_account.this.email
}
