variable "name" {
  description = "Name prefix of every resource (e.g. taskboard-prod)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  description = "DigitalOcean region of the database and the VPC (e.g. fra1)."
  type        = string
}

variable "app_region" {
  description = "App Platform region (e.g. fra), the one nearest var.region."
  type        = string
}

variable "api_image" {
  description = "API image in the account's registry: registry.digitalocean.com/<registry>/taskboard-api:<tag>."
  type        = string

  validation {
    condition     = can(regex("^registry\\.digitalocean\\.com/[a-z0-9-]+/[a-z0-9._-]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.api_image)) && !endswith(var.api_image, ":latest")
    error_message = "api_image must be registry.digitalocean.com/<registry>/<repository>:<tag>, not :latest."
  }
}

variable "web_image" {
  description = "Web image in the account's registry: registry.digitalocean.com/<registry>/taskboard-web:<tag>."
  type        = string

  validation {
    condition     = can(regex("^registry\\.digitalocean\\.com/[a-z0-9-]+/[a-z0-9._-]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.web_image)) && !endswith(var.web_image, ":latest")
    error_message = "web_image must be registry.digitalocean.com/<registry>/<repository>:<tag>, not :latest."
  }
}

variable "domain" {
  description = "Site domain; App Platform issues and renews its certificate. null serves on the ondigitalocean.app URL."
  type        = string
  default     = null
}

variable "secret_key" {
  description = "The API's SECRET_KEY (an App Platform SECRET variable; kept in the private state bucket)."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.secret_key) >= 32
    error_message = "secret_key must be at least 32 characters (the API refuses shorter ones)."
  }
}

variable "db_size" {
  description = "Managed PostgreSQL node size (db-s-1vcpu-1gb is the smallest)."
  type        = string
  default     = "db-s-1vcpu-2gb"
}

variable "db_node_count" {
  description = "Database nodes: 2 adds a standby that takes over on failure."
  type        = number
  default     = 2

  validation {
    condition     = var.db_node_count >= 1 && var.db_node_count <= 3
    error_message = "db_node_count must be 1, 2 or 3."
  }
}

variable "instance_size" {
  description = "App Platform instance size of each service."
  type        = string
  default     = "apps-s-1vcpu-1gb"
}

variable "instance_count" {
  description = "Instances of each service (2 or more for rolling deploys without a gap)."
  type        = number
  default     = 2

  validation {
    condition     = var.instance_count >= 1
    error_message = "instance_count must be at least 1."
  }
}

variable "vpc_ip_range" {
  description = "IP range of the VPC the database lives in."
  type        = string
  default     = "10.60.0.0/20"
}

variable "tags" {
  description = "Tags added to the resources that take them."
  type        = list(string)
  default     = []
}
