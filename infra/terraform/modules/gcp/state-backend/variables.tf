variable "project_id" {
  description = "Project that owns the state bucket."
  type        = string
}

variable "bucket_name" {
  description = "Globally unique name of the GCS bucket for Terraform state."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 lowercase letters, digits, dots, hyphens or underscores."
  }
}

variable "location" {
  description = "Bucket location (a region such as europe-west1, or a multi-region such as EU)."
  type        = string
  default     = "EU"
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten state version is kept (rollback window)."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_retention_days >= 1
    error_message = "noncurrent_version_retention_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Allow deleting the bucket while it holds state (tests only)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels added to the bucket."
  type        = map(string)
  default     = {}
}
