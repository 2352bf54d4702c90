output "repository_url" {
  description = "Image prefix: <location>-docker.pkg.dev/<project>/<repository>."
  value       = "${var.location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.this.repository_id}"
}

output "repository_name" {
  description = "Full resource name of the repository (for IAM bindings)."
  value       = google_artifact_registry_repository.this.name
}
