output "repository_urls" {
  description = "Repository URL by name (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`)."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.repository_url }
}

output "repository_arns" {
  description = "Repository ARN by name (for push permissions)."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.arn }
}
