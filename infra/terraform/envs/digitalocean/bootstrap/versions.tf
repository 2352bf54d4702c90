# Run once per account with local state; afterwards its state can move into the bucket it made
# (docs/operations/deploy-digitalocean.md).
terraform {
  required_version = ">= 1.6, < 2.0"

  required_providers {
    digitalocean = {
      source  = "digitalocean/digitalocean"
      version = ">= 2.71, < 3.0"
    }
  }
}
