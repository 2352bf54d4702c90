provider "aws" {
  region = var.region

  default_tags {
    tags = {
      app        = "taskboard"
      managed-by = "terraform"
      root       = "bootstrap"
    }
  }
}
