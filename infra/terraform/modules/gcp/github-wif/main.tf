# Workload Identity Federation: GitHub's OIDC tokens for one repository and ref become the
# deploy service account, with no key file anywhere.
resource "google_iam_workload_identity_pool" "this" {
  project                   = var.project_id
  workload_identity_pool_id = var.pool_id
  display_name              = "GitHub Actions"
}

resource "google_iam_workload_identity_pool_provider" "this" {
  # checkov:skip=CKV_GCP_125:checkov cannot resolve var.github_repository; the condition pins the exact sub repo:<owner>/<name>:<environment>.
  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.this.workload_identity_pool_id
  workload_identity_pool_provider_id = "github-actions"
  display_name                       = "GitHub Actions OIDC"

  attribute_mapping = {
    "google.subject"       = "assertion.sub"
    "attribute.repository" = "assertion.repository"
  }
  # Tokens of any other repository or GitHub environment are refused before any binding is
  # looked at (the same subject the AWS role trusts).
  attribute_condition = "assertion.sub == 'repo:${var.github_repository}:${var.github_subject}'"

  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}

resource "google_service_account" "this" {
  project      = var.project_id
  account_id   = var.service_account_id
  display_name = "Taskboard deploys from GitHub Actions"
}

resource "google_service_account_iam_member" "workload_identity_user" {
  service_account_id = google_service_account.this.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.this.name}/attribute.repository/${var.github_repository}"
}

resource "google_project_iam_member" "deploy" {
  # checkov:skip=CKV_GCP_41:Deploying Cloud Run as the services' own accounts needs actAs (serviceAccountUser); only this repository's prod environment can become this account.
  # checkov:skip=CKV_GCP_49:The deploy account creates the services' accounts (serviceAccountAdmin); reachable only through WIF from one repository and environment.
  for_each = var.project_roles

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.this.email}"
}
