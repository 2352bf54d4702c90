# Terraform >= 1.11.1 and AWS >= 5.88 for write-only arguments (`password_wo`,
# `secret_string_wo`): generated secrets never reach the state. 1.11.0 fails to serialise them.
terraform {
  required_version = ">= 1.11.1, < 2.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.88, < 6.0"
    }
  }
}
