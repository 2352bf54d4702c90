# Run once per project with local state; afterwards its state can move into the bucket it made
# (docs/operations/deploy-gcp.md).
terraform {
  required_version = ">= 1.6, < 2.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.50, < 7.0"
    }
  }
}
