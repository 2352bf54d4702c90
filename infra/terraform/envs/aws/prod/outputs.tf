output "url" {
  description = "HTTPS URL of the load balancer."
  value       = module.taskboard.url
}

output "alb_dns_name" {
  description = "Point the site's DNS (alias/CNAME) here."
  value       = module.taskboard.alb_dns_name
}

output "cluster_name" {
  description = "ECS cluster of the services."
  value       = module.taskboard.cluster_name
}

output "service_names" {
  description = "ECS services by role."
  value       = module.taskboard.service_names
}

output "migrate_task_definition_arn" {
  description = "Run once per release before the services update."
  value       = module.taskboard.migrate_task_definition_arn
}

output "migrate_network" {
  description = "awsvpcConfiguration of the migration task (aws ecs run-task --network-configuration)."
  value = {
    subnets        = module.taskboard.private_subnet_ids
    securityGroups = [module.taskboard.migrate_security_group_id]
    assignPublicIp = "DISABLED"
  }
}

output "db_endpoint" {
  description = "Private host:port of PostgreSQL."
  value       = module.taskboard.db_endpoint
}

output "secret_arns" {
  description = "Secrets Manager ARNs (values are write-only: read them in AWS, never in state)."
  value       = module.taskboard.secret_arns
}

output "log_group_names" {
  description = "CloudWatch log groups by role."
  value       = module.taskboard.log_group_names
}
