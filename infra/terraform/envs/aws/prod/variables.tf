variable "region" {
  description = "AWS region of the stack."
  type        = string
  default     = "eu-west-1"
}

variable "availability_zones" {
  description = "Two zones of the region."
  type        = list(string)
  default     = ["eu-west-1a", "eu-west-1b"]
}

variable "api_image" {
  description = "API image the graph built, e.g. <account>.dkr.ecr.<region>.amazonaws.com/taskboard-api:<tag>."
  type        = string
}

variable "web_image" {
  description = "Web image the graph built, e.g. <account>.dkr.ecr.<region>.amazonaws.com/taskboard-web:<tag>."
  type        = string
}

variable "certificate_arn" {
  description = "Issued ACM certificate of the site's domain (same region)."
  type        = string
}

variable "cors_origins" {
  description = "Origins allowed to call the API from a browser besides the site itself (comma-separated)."
  type        = string
  default     = ""
}

variable "enable_deletion_protection" {
  description = "Protect the load balancer and the database from deletion."
  type        = bool
  default     = true
}

variable "db_multi_az" {
  description = "Run a database standby in the second zone."
  type        = bool
  default     = true
}

variable "secrets_version" {
  description = "Bump to generate and write a new database password and SECRET_KEY."
  type        = number
  default     = 1
}
