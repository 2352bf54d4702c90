# Taskboard production on DigitalOcean: a thin root over modules/digitalocean/taskboard.
module "taskboard" {
  source = "../../../modules/digitalocean/taskboard"

  name       = "taskboard-prod"
  region     = var.region
  app_region = var.app_region
  api_image  = var.api_image
  web_image  = var.web_image
  domain     = var.domain
  secret_key = var.secret_key
}
