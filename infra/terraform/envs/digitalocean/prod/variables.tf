variable "region" {
  description = "Region of the database and the VPC."
  type        = string
  default     = "fra1"
}

variable "app_region" {
  description = "App Platform region nearest var.region."
  type        = string
  default     = "fra"
}

variable "api_image" {
  description = "API image the graph built: registry.digitalocean.com/<registry>/taskboard-api:<tag>."
  type        = string
}

variable "web_image" {
  description = "Web image the graph built: registry.digitalocean.com/<registry>/taskboard-web:<tag>."
  type        = string
}

variable "domain" {
  description = "Site domain (App Platform manages its certificate); null: the ondigitalocean.app URL."
  type        = string
  default     = null
}

variable "secret_key" {
  description = "The API's SECRET_KEY: set TF_VAR_secret_key from the team's secret store."
  type        = string
  sensitive   = true
}
