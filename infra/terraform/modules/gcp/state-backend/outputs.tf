output "bucket_name" {
  description = "Name of the state bucket (the roots' `backend \"gcs\"` bucket)."
  value       = google_storage_bucket.this.name
}
