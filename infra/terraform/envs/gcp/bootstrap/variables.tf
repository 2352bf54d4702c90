variable "project_id" {
  description = "GCP project."
  type        = string
}

variable "region" {
  description = "Region of the image registry (the same as the services)."
  type        = string
  default     = "europe-west1"
}

variable "state_bucket_name" {
  description = "Globally unique name of the state bucket (e.g. taskboard-tfstate-<project>)."
  type        = string
}

variable "github_repository" {
  description = "The GitHub repository (owner/name) whose workflows deploy."
  type        = string
}

variable "deploy_roles" {
  description = "Project roles of the deploy account (enough to push images and apply prod)."
  type        = set(string)
  default = [
    "roles/artifactregistry.writer",
    "roles/run.admin",
    "roles/cloudsql.admin",
    "roles/secretmanager.admin",
    "roles/compute.networkAdmin",
    "roles/vpcaccess.admin",
    "roles/servicenetworking.networksAdmin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountUser",
    "roles/serviceusage.serviceUsageAdmin",
    "roles/compute.loadBalancerAdmin",
    "roles/storage.objectAdmin",
  ]
}
