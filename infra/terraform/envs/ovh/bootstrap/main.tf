# Once per project: the Object Storage bucket for state and its S3 user.
module "state" {
  source = "../../../modules/ovh/state-backend"

  service_name = var.service_name
  region       = var.region
  bucket_name  = var.state_bucket_name
}
