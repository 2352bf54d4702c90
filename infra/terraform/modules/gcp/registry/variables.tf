variable "project_id" {
  description = "Project of the repository."
  type        = string
}

variable "location" {
  description = "Region of the repository (the same as the services, e.g. europe-west1)."
  type        = string
}

variable "repository_id" {
  description = "Artifact Registry repository id; images are <location>-docker.pkg.dev/<project>/<id>/<image>."
  type        = string
  default     = "taskboard"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.repository_id))
    error_message = "repository_id must be lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "keep_images" {
  description = "Newest versions kept per image; older ones are deleted by the cleanup policy."
  type        = number
  default     = 30
}

variable "labels" {
  description = "Labels added to the repository."
  type        = map(string)
  default     = {}
}
