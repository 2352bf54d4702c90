output "bucket_name" {
  description = "Name of the state bucket (the roots' `backend \"s3\"` bucket)."
  value       = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  description = "ARN of the state bucket (for IAM policies of deploy roles)."
  value       = aws_s3_bucket.this.arn
}
