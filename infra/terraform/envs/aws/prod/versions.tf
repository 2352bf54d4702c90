terraform {
  required_version = ">= 1.11.1, < 2.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.88, < 6.0"
    }
  }

  # Partial configuration: the bucket comes from `-backend-config=backend.hcl` (see
  # backend.hcl.example), written once from the bootstrap root's outputs. Locking is S3-native.
  backend "s3" {
    key          = "taskboard/prod/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
