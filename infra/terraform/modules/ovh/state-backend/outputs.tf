output "bucket_name" {
  description = "Bucket for the roots' backend.hcl."
  value       = ovh_cloud_project_storage.this.name
}

output "endpoint" {
  description = "S3 endpoint of the region (the backend's endpoints.s3)."
  value       = "https://s3.${lower(var.region)}.io.cloud.ovh.net"
}

output "s3_access_key_id" {
  description = "AWS_ACCESS_KEY_ID for the S3 backend."
  value       = ovh_cloud_project_user_s3_credential.state.access_key_id
}

output "s3_secret_access_key" {
  description = "AWS_SECRET_ACCESS_KEY for the S3 backend."
  value       = ovh_cloud_project_user_s3_credential.state.secret_access_key
  sensitive   = true
}
