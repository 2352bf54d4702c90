variable "role_name" {
  description = "Name of the IAM role GitHub Actions assumes."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be a valid IAM role name (1-64 characters)."
  }
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OIDC provider; false when the account already has one."
  type        = bool
  default     = true
}

variable "github_repository" {
  description = "The repository allowed to assume the role, as owner/name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must look like owner/name."
  }
}

variable "subjects" {
  description = "OIDC `sub` claims allowed, relative to the repository (e.g. environment:production, ref:refs/heads/main)."
  type        = list(string)
  default     = ["environment:production"]

  validation {
    condition     = length(var.subjects) > 0 && alltrue([for s in var.subjects : !strcontains(s, "*")])
    error_message = "subjects must be non-empty and exact (no wildcards: any branch could deploy)."
  }
}

variable "ecr_repository_arns" {
  description = "ECR repositories the role may push images to."
  type        = list(string)
  default     = []
}

variable "state_bucket_arn" {
  description = "ARN of the Terraform state bucket the role reads and writes (null: no state access)."
  type        = string
  default     = null
}

variable "deploy_policy_arns" {
  description = "Managed policies attached for `terraform apply` of the stack (scoped by the account's owner)."
  type        = list(string)
  default     = []
}

variable "max_session_duration" {
  description = "Longest session a workflow gets, in seconds."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 900 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be between 900 and 43200 seconds."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
