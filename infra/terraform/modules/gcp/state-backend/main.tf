# The remote state bucket. The GCS backend locks natively (a lock object per state).
resource "google_storage_bucket" "this" {
  # checkov:skip=CKV_GCP_62:Access logs need a second bucket; Cloud Audit Logs (data access) record who read state.
  project                     = var.project_id
  name                        = var.bucket_name
  location                    = var.location
  force_destroy               = var.force_destroy
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  labels                      = var.labels

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.noncurrent_version_retention_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }
}
