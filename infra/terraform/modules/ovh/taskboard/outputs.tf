output "kube_id" {
  description = "Managed Kubernetes cluster id."
  value       = ovh_cloud_project_kube.this.id
}

output "kubeconfig" {
  description = "kubeconfig of the cluster (terraform output -raw kubeconfig > kubeconfig)."
  value       = ovh_cloud_project_kube.this.kubeconfig
  sensitive   = true
}

output "database_url" {
  description = "DATABASE_URL for the API's Kubernetes secret (kept in the private state bucket)."
  value       = "postgresql://${ovh_cloud_project_database_postgresql_user.this.name}:${ovh_cloud_project_database_postgresql_user.this.password}@${ovh_cloud_project_database.this.endpoints[0].domain}:${ovh_cloud_project_database.this.endpoints[0].port}/${ovh_cloud_project_database_database.this.name}?ssl=require"
  sensitive   = true
}

output "db_endpoint" {
  description = "host:port of PostgreSQL (reachable from the private subnet only)."
  value       = "${ovh_cloud_project_database.this.endpoints[0].domain}:${ovh_cloud_project_database.this.endpoints[0].port}"
}
