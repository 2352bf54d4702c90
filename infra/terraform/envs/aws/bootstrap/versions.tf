# Run once per account with local state: it creates the bucket every other root keeps its state
# in. Afterwards its own state can move there (`terraform init -migrate-state`, see
# docs/operations/deploy-aws.md).
terraform {
  required_version = ">= 1.10, < 2.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.88, < 6.0"
    }
  }
}
