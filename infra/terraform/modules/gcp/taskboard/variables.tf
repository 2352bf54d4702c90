variable "project_id" {
  description = "Project the stack lives in."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a valid GCP project id."
  }
}

variable "region" {
  description = "Region of Cloud Run, Cloud SQL and the VPC connector (e.g. europe-west1)."
  type        = string
}

variable "name" {
  description = "Name prefix of every resource (e.g. taskboard-prod); at most 20 characters (connector names cap it)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name))
    error_message = "name must be 3-20 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "api_image" {
  description = "API image reference, pinned by tag or digest (Artifact Registry)."
  type        = string

  validation {
    condition     = can(regex("^[^:@ ]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", var.api_image)) && !endswith(var.api_image, ":latest")
    error_message = "api_image must carry an explicit tag or digest, not :latest."
  }
}

variable "web_image" {
  description = "Web image reference, pinned by tag or digest (Artifact Registry)."
  type        = string

  validation {
    condition     = can(regex("^[^:@ ]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", var.web_image)) && !endswith(var.web_image, ":latest")
    error_message = "web_image must carry an explicit tag or digest, not :latest."
  }
}

variable "domain" {
  description = "Site domain served by a global HTTPS load balancer with a managed certificate; null serves the web on its run.app URL."
  type        = string
  default     = null

  validation {
    condition     = var.domain == null || can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", var.domain))
    error_message = "domain must be a lowercase DNS name such as taskboard.example.com."
  }
}

variable "db_tier" {
  description = "Cloud SQL machine tier (db-custom-1-3840: 1 vCPU, 3.75 GB, the smallest dedicated-core size)."
  type        = string
  default     = "db-custom-1-3840"
}

variable "db_availability_type" {
  description = "REGIONAL (a standby in a second zone) or ZONAL."
  type        = string
  default     = "REGIONAL"

  validation {
    condition     = contains(["REGIONAL", "ZONAL"], var.db_availability_type)
    error_message = "db_availability_type must be REGIONAL or ZONAL."
  }
}

variable "db_password" {
  description = "Password of the database user; ephemeral: written with password_wo, never stored."
  type        = string
  ephemeral   = true
  sensitive   = true

  validation {
    condition     = length(var.db_password) >= 20 && can(regex("^[A-Za-z0-9]+$", var.db_password))
    error_message = "db_password must be at least 20 letters or digits (it sits inside DATABASE_URL)."
  }
}

variable "secret_key" {
  description = "The API's SECRET_KEY; ephemeral: written with secret_data_wo, never stored."
  type        = string
  ephemeral   = true
  sensitive   = true

  validation {
    condition     = length(var.secret_key) >= 32
    error_message = "secret_key must be at least 32 characters (the API refuses shorter ones)."
  }
}

variable "secrets_version" {
  description = "Bump to write new db_password and secret_key values."
  type        = number
  default     = 1
}

variable "api_instances" {
  description = "Minimum and maximum Cloud Run instances of the API."
  type        = object({ min = number, max = number })
  default     = { min = 1, max = 4 }

  validation {
    condition     = var.api_instances.min >= 0 && var.api_instances.max >= var.api_instances.min
    error_message = "api_instances needs 0 <= min <= max."
  }
}

variable "web_instances" {
  description = "Minimum and maximum Cloud Run instances of the web."
  type        = object({ min = number, max = number })
  default     = { min = 1, max = 4 }

  validation {
    condition     = var.web_instances.min >= 0 && var.web_instances.max >= var.web_instances.min
    error_message = "web_instances needs 0 <= min <= max."
  }
}

variable "connector_cidr" {
  description = "A /28 of the VPC for the serverless VPC connector."
  type        = string
  default     = "10.8.0.0/28"

  validation {
    condition     = can(cidrhost(var.connector_cidr, 0)) && endswith(var.connector_cidr, "/28")
    error_message = "connector_cidr must be a /28."
  }
}

variable "enable_deletion_protection" {
  description = "Protect the database and the services from deletion (turn off only to tear down)."
  type        = bool
  default     = true
}

variable "labels" {
  description = "Labels added to every resource that takes them."
  type        = map(string)
  default     = {}
}
