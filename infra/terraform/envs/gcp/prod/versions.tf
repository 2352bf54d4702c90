terraform {
  required_version = ">= 1.11.1, < 2.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.50, < 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.7, < 4.0"
    }
  }

  # Partial configuration: `-backend-config=backend.hcl` names the bootstrap root's bucket.
  # The GCS backend locks natively.
  backend "gcs" {
    prefix = "taskboard/prod"
  }
}
