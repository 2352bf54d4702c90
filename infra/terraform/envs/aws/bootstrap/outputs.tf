output "state_bucket" {
  description = "Bucket for the other roots' backend.hcl."
  value       = module.state.bucket_name
}

output "repository_urls" {
  description = "ECR repositories by image name; the deploy targets tag images against these."
  value       = module.registry.repository_urls
}

output "github_deploy_role_arn" {
  description = "role-to-assume of aws-actions/configure-aws-credentials in the workflows."
  value       = module.github_oidc.role_arn
}
