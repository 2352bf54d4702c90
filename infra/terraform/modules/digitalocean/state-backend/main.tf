# The state bucket in Spaces (S3-compatible): private and versioned. The roots reach it with
# Terraform's S3 backend pointed at the Spaces endpoint.
resource "digitalocean_spaces_bucket" "this" {
  name          = var.bucket_name
  region        = var.region
  acl           = "private"
  force_destroy = var.force_destroy

  versioning {
    enabled = true
  }

  lifecycle_rule {
    enabled = true

    noncurrent_version_expiration {
      days = var.noncurrent_version_retention_days
    }
  }
}
