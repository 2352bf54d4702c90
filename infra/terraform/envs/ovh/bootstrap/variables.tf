variable "service_name" {
  description = "Public Cloud project id."
  type        = string
}

variable "region" {
  description = "Object Storage region of the state bucket (e.g. GRA)."
  type        = string
  default     = "GRA"
}

variable "state_bucket_name" {
  description = "Name of the state bucket."
  type        = string
}
