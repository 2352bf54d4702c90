# One Docker repository for both images; tags are immutable, so a tag names one build forever.
resource "google_artifact_registry_repository" "this" {
  # checkov:skip=CKV_GCP_84:Google-managed encryption; a customer key adds cost without a reader to restrict.
  project       = var.project_id
  location      = var.location
  repository_id = var.repository_id
  format        = "DOCKER"
  description   = "Taskboard images built by the Pants graph"
  labels        = var.labels

  docker_config {
    immutable_tags = true
  }

  cleanup_policies {
    id     = "keep-newest"
    action = "KEEP"

    most_recent_versions {
      keep_count = var.keep_images
    }
  }

  cleanup_policies {
    id     = "delete-older"
    action = "DELETE"

    condition {
      tag_state = "ANY"
    }
  }
}
