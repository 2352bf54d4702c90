variable "project_id" {
  description = "Project of the pool and the deploy service account."
  type        = string
}

variable "github_repository" {
  description = "The repository (owner/name) whose workflows may impersonate the deploy account."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must look like owner/name."
  }
}

variable "github_subject" {
  description = "The `sub` claim after repo:<owner>/<name>: (a GitHub environment, e.g. environment:production)."
  type        = string
  default     = "environment:production"

  validation {
    condition     = !strcontains(var.github_subject, "*")
    error_message = "github_subject must be exact (no wildcards)."
  }
}

variable "pool_id" {
  description = "Workload Identity pool id."
  type        = string
  default     = "github"
}

variable "service_account_id" {
  description = "Account id of the deploy service account."
  type        = string
  default     = "taskboard-deploy"
}

variable "project_roles" {
  description = "Project roles the deploy account needs to push images and apply the prod root."
  type        = set(string)
  default     = []
}
