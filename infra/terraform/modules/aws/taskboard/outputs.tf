output "url" {
  description = "HTTPS URL of the load balancer (point the domain's CNAME/alias at alb_dns_name)."
  value       = "https://${aws_lb.this.dns_name}"
}

output "alb_dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the load balancer, for a Route 53 alias record."
  value       = aws_lb.this.zone_id
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "private_subnet_ids" {
  description = "Private subnets (tasks and database); the migration task runs here too."
  value       = aws_subnet.private[*].id
}

output "cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.this.name
}

output "service_names" {
  description = "ECS service names by role."
  value       = { api = aws_ecs_service.api.name, web = aws_ecs_service.web.name }
}

output "migrate_task_definition_arn" {
  description = "Task definition of the one-off migration (aws ecs run-task --task-definition ...)."
  value       = aws_ecs_task_definition.migrate.arn
}

output "migrate_security_group_id" {
  description = "Security group the migration task runs with (the API's: it reaches the database)."
  value       = aws_security_group.api.id
}

output "db_endpoint" {
  description = "host:port of the PostgreSQL instance (private)."
  value       = aws_db_instance.this.endpoint
}

output "secret_arns" {
  description = "Secrets Manager ARNs by name (database-url, secret-key)."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.arn }
}

output "log_group_names" {
  description = "CloudWatch log groups by role (api, web, migrate)."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.name }
}

output "kms_key_arn" {
  description = "The stack's customer-managed KMS key."
  value       = aws_kms_key.this.arn
}
