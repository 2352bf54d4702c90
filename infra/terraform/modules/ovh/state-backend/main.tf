# The state bucket in OVHcloud Object Storage (S3 API), versioned, and a user whose S3 keys the
# roots' S3 backend uses (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
resource "ovh_cloud_project_storage" "this" {
  service_name = var.service_name
  region_name  = var.region
  name         = var.bucket_name

  versioning = {
    status = "enabled"
  }
}

resource "ovh_cloud_project_user" "state" {
  service_name = var.service_name
  description  = "Terraform state (${var.bucket_name})"
  role_names   = ["objectstore_operator"]
}

resource "ovh_cloud_project_user_s3_credential" "state" {
  service_name = var.service_name
  user_id      = ovh_cloud_project_user.state.id
}
