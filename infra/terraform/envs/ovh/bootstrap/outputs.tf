output "state_bucket" {
  description = "Bucket for the prod root's backend.hcl."
  value       = module.state.bucket_name
}

output "state_endpoint" {
  description = "endpoints.s3 for the prod root's backend.hcl."
  value       = module.state.endpoint
}

output "state_access_key_id" {
  description = "AWS_ACCESS_KEY_ID of the S3 backend."
  value       = module.state.s3_access_key_id
}

output "state_secret_access_key" {
  description = "AWS_SECRET_ACCESS_KEY of the S3 backend (terraform output -raw)."
  value       = module.state.s3_secret_access_key
  sensitive   = true
}
