output "url" {
  description = "Where the site is served."
  value       = module.taskboard.url
}

output "default_ingress" {
  description = "CNAME target for the domain."
  value       = module.taskboard.default_ingress
}

output "app_id" {
  description = "doctl apps create-deployment <id> redeploys; doctl apps list-deployments shows history."
  value       = module.taskboard.app_id
}
