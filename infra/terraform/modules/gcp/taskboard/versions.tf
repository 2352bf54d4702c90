# Terraform >= 1.11.1 and google >= 6.50 for write-only arguments (`password_wo`,
# `secret_data_wo`): the generated secrets never reach the state.
terraform {
  required_version = ">= 1.11.1, < 2.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.50, < 7.0"
    }
  }
}
