terraform {
  required_version = ">= 1.10, < 2.0"

  required_providers {
    digitalocean = {
      source  = "digitalocean/digitalocean"
      version = ">= 2.71, < 3.0"
    }
  }

  # State in the bootstrap root's Spaces bucket through the S3 protocol; keys come from
  # AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (a Spaces key), the bucket and endpoint from
  # `-backend-config=backend.hcl`.
  backend "s3" {
    key                         = "taskboard/prod/terraform.tfstate"
    region                      = "us-east-1" # ignored by Spaces; the S3 client needs one
    use_lockfile                = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
    skip_region_validation      = true
    skip_s3_checksum            = true
    skip_metadata_api_check     = true
  }
}
