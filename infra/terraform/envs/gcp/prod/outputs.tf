output "url" {
  description = "Where the site is served."
  value       = module.taskboard.url
}

output "lb_ip_address" {
  description = "A record of the domain (null without one)."
  value       = module.taskboard.lb_ip_address
}

output "migrate_job_name" {
  description = "gcloud run jobs execute <name> --region <region> --wait, before each release."
  value       = module.taskboard.migrate_job_name
}

output "db_connection_name" {
  description = "Cloud SQL connection name."
  value       = module.taskboard.db_connection_name
}
