output "state_bucket" {
  description = "Bucket for the prod root's backend.hcl."
  value       = module.state.bucket_name
}

output "repository_url" {
  description = "Image prefix the graph's images are pushed to."
  value       = module.registry.repository_url
}

output "workload_identity_provider" {
  description = "google-github-actions/auth workload_identity_provider."
  value       = module.github_wif.workload_identity_provider
}

output "deploy_service_account" {
  description = "google-github-actions/auth service_account."
  value       = module.github_wif.service_account_email
}
