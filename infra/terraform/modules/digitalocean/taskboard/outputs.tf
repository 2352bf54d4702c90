output "url" {
  description = "Where the site is served (https://<domain> with a domain)."
  value       = var.domain == null ? digitalocean_app.this.live_url : "https://${var.domain}"
}

output "default_ingress" {
  description = "The app's ondigitalocean.app URL (the domain's CNAME target)."
  value       = digitalocean_app.this.default_ingress
}

output "app_id" {
  description = "App Platform app id (doctl apps create-deployment <id>)."
  value       = digitalocean_app.this.id
}

output "db_cluster_id" {
  description = "Managed PostgreSQL cluster id."
  value       = digitalocean_database_cluster.this.id
}

output "db_private_host" {
  description = "Private host of PostgreSQL inside the VPC."
  value       = digitalocean_database_cluster.this.private_host
}
