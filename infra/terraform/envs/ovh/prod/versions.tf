terraform {
  required_version = ">= 1.10, < 2.0"

  required_providers {
    ovh = {
      source  = "ovh/ovh"
      version = ">= 2.0, < 3.0"
    }
  }

  # State in the bootstrap root's Object Storage bucket through the S3 protocol; its S3 keys
  # come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, bucket and endpoint from backend.hcl.
  backend "s3" {
    key                         = "taskboard/prod/terraform.tfstate"
    use_lockfile                = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
    skip_region_validation      = true
    skip_s3_checksum            = true
    skip_metadata_api_check     = true
    use_path_style              = true
  }
}
