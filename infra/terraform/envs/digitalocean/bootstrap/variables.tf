variable "region" {
  description = "Region of the state bucket and the registry."
  type        = string
  default     = "fra1"
}

variable "state_bucket_name" {
  description = "Name of the Spaces bucket for state."
  type        = string
}

variable "registry_name" {
  description = "Name of the account's container registry."
  type        = string
  default     = "taskboard"
}
