output "role_arn" {
  description = "ARN of the role; workflows pass it to aws-actions/configure-aws-credentials `role-to-assume`."
  value       = aws_iam_role.this.arn
}

output "oidc_provider_arn" {
  description = "ARN of the GitHub OIDC provider the role trusts."
  value       = local.provider_arn
}
