variable "service_name" {
  description = "Public Cloud project id."
  type        = string
}

variable "region" {
  description = "Region of the cluster and the database."
  type        = string
  default     = "GRA11"
}
