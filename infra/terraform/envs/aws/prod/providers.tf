provider "aws" {
  region = var.region

  default_tags {
    tags = {
      app         = "taskboard"
      environment = "prod"
      managed-by  = "terraform"
    }
  }
}
