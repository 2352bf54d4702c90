variable "bucket_name" {
  description = "Name of the Spaces bucket for Terraform state (unique in its region)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 lowercase letters, digits or hyphens."
  }
}

variable "region" {
  description = "Spaces region (e.g. fra1, ams3, nyc3)."
  type        = string
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten state version is kept (rollback window)."
  type        = number
  default     = 90
}

variable "force_destroy" {
  description = "Allow deleting the bucket while it holds state (tests only)."
  type        = bool
  default     = false
}
