variable "project_id" {
  description = "GCP project of the stack."
  type        = string
}

variable "region" {
  description = "Region of the services and the database."
  type        = string
  default     = "europe-west1"
}

variable "api_image" {
  description = "API image the graph built: <region>-docker.pkg.dev/<project>/taskboard/taskboard-api:<tag>."
  type        = string
}

variable "web_image" {
  description = "Web image the graph built: <region>-docker.pkg.dev/<project>/taskboard/taskboard-web:<tag>."
  type        = string
}

variable "domain" {
  description = "Site domain behind the HTTPS load balancer (null: the web's run.app URL)."
  type        = string
  default     = null
}

variable "secrets_version" {
  description = "Bump to generate and write a new database password and SECRET_KEY."
  type        = number
  default     = 1
}
