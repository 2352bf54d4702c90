variable "service_name" {
  description = "Public Cloud project id."
  type        = string
}

variable "region" {
  description = "Object Storage region (e.g. GRA, SBG, DE)."
  type        = string
}

variable "bucket_name" {
  description = "Name of the S3 bucket for Terraform state."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 lowercase letters, digits or hyphens."
  }
}
