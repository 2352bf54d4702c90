# Once per account: the state bucket, the two image registries and the role GitHub Actions
# assumes through OIDC (no static keys anywhere).
module "state" {
  source = "../../../modules/aws/state-backend"

  bucket_name = var.state_bucket_name
}

module "registry" {
  source = "../../../modules/aws/registry"

  repositories = ["taskboard-api", "taskboard-web"]
}

module "github_oidc" {
  source = "../../../modules/aws/github-oidc"

  role_name            = "taskboard-github-deploy"
  create_oidc_provider = var.create_oidc_provider
  github_repository    = var.github_repository
  subjects             = var.github_subjects
  ecr_repository_arns  = values(module.registry.repository_arns)
  state_bucket_arn     = module.state.bucket_arn
  deploy_policy_arns   = var.deploy_policy_arns
}
