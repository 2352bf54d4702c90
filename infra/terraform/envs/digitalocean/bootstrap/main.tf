# Once per account: the Spaces bucket for state and the container registry.
module "state" {
  source = "../../../modules/digitalocean/state-backend"

  bucket_name = var.state_bucket_name
  region      = var.region
}

module "registry" {
  source = "../../../modules/digitalocean/registry"

  name   = var.registry_name
  region = var.region
}
