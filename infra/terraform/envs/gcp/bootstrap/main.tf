# Once per project: the state bucket, the image repository and Workload Identity Federation
# for GitHub Actions (no service account keys).
module "state" {
  source = "../../../modules/gcp/state-backend"

  project_id  = var.project_id
  bucket_name = var.state_bucket_name
}

module "registry" {
  source = "../../../modules/gcp/registry"

  project_id = var.project_id
  location   = var.region
}

module "github_wif" {
  source = "../../../modules/gcp/github-wif"

  project_id        = var.project_id
  github_repository = var.github_repository
  project_roles     = var.deploy_roles
}
