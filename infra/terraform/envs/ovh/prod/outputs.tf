output "kubeconfig" {
  description = "terraform output -raw kubeconfig > kubeconfig, for kubectl apply -k."
  value       = module.taskboard.kubeconfig
  sensitive   = true
}

output "database_url" {
  description = "DATABASE_URL for the API's Kubernetes secret."
  value       = module.taskboard.database_url
  sensitive   = true
}

output "db_endpoint" {
  description = "host:port of PostgreSQL (private subnet only)."
  value       = module.taskboard.db_endpoint
}
