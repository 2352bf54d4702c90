terraform {
  required_version = ">= 1.6, < 2.0"

  required_providers {
    ovh = {
      source  = "ovh/ovh"
      version = ">= 2.0, < 3.0"
    }
  }
}
