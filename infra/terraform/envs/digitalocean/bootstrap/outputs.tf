output "state_bucket" {
  description = "Bucket for the prod root's backend.hcl."
  value       = module.state.bucket_name
}

output "state_endpoint" {
  description = "endpoints.s3 for the prod root's backend.hcl."
  value       = module.state.endpoint
}

output "registry_url" {
  description = "Image prefix the graph's images are pushed to."
  value       = module.registry.registry_url
}
