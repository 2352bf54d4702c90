output "bucket_name" {
  description = "Bucket for the roots' backend.hcl."
  value       = digitalocean_spaces_bucket.this.name
}

output "endpoint" {
  description = "S3 endpoint of the bucket's region (the backend's endpoints.s3)."
  value       = "https://${var.region}.digitaloceanspaces.com"
}
