# Run once per project with local state; afterwards its state can move into the bucket it made
# (docs/operations/deploy-ovh.md).
terraform {
  required_version = ">= 1.6, < 2.0"

  required_providers {
    ovh = {
      source  = "ovh/ovh"
      version = ">= 2.0, < 3.0"
    }
  }
}
