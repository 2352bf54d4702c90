variable "repositories" {
  description = "ECR repository names to create, one per image (e.g. taskboard-api, taskboard-web)."
  type        = set(string)

  validation {
    condition     = length(var.repositories) > 0 && alltrue([for r in var.repositories : can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", r))])
    error_message = "repositories must be non-empty lowercase ECR names (letters, digits, . _ -)."
  }
}

variable "keep_images" {
  description = "How many images each repository keeps; older ones expire (rollback depth)."
  type        = number
  default     = 30

  validation {
    condition     = var.keep_images >= 1
    error_message = "keep_images must be at least 1."
  }
}

variable "force_delete" {
  description = "Allow deleting repositories that still hold images (tests only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
