output "registry_url" {
  description = "Image prefix: registry.digitalocean.com/<name>."
  value       = "registry.digitalocean.com/${digitalocean_container_registry.this.name}"
}
