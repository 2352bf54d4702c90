variable "name" {
  description = "Container registry name (one per DigitalOcean account); images are registry.digitalocean.com/<name>/<image>."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]{1,63}$", var.name))
    error_message = "name must be lowercase letters, digits or hyphens."
  }
}

variable "region" {
  description = "Registry region (e.g. fra1)."
  type        = string
}

variable "subscription_tier" {
  description = "basic (5 repositories, 5 GiB) fits the two images; professional for more."
  type        = string
  default     = "basic"

  validation {
    condition     = contains(["starter", "basic", "professional"], var.subscription_tier)
    error_message = "subscription_tier must be starter, basic or professional."
  }
}
