terraform {
  required_version = ">= 1.6, < 2.0"

  required_providers {
    digitalocean = {
      source  = "digitalocean/digitalocean"
      version = ">= 2.71, < 3.0"
    }
  }
}
