# Logic of the GitHub OIDC role module with a mocked AWS provider. The trust policy is built by
# the real provider's policy document data source in the moto apply test (envs/aws/bootstrap);
# here its inputs are checked.

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_resource "aws_iam_openid_connect_provider" {
    defaults = { arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
  }
  mock_data "aws_iam_openid_connect_provider" {
    defaults = { arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
  }
}

variables {
  role_name         = "tb-deploy"
  github_repository = "acme/taskboard"
}

run "creates_the_provider_and_trusts_exact_subjects" {
  command = plan

  assert {
    condition     = length(aws_iam_openid_connect_provider.this) == 1 && length(data.aws_iam_openid_connect_provider.existing) == 0
    error_message = "the account's OIDC provider is created by default"
  }
  assert {
    condition     = contains(flatten([for s in data.aws_iam_policy_document.trust.statement : [for c in s.condition : c.values if c.variable == "token.actions.githubusercontent.com:sub"]]), "repo:acme/taskboard:environment:production")
    error_message = "only the prod environment of the repository may assume the role"
  }
  assert {
    condition     = contains(flatten([for s in data.aws_iam_policy_document.trust.statement : [for c in s.condition : c.values if c.variable == "token.actions.githubusercontent.com:aud"]]), "sts.amazonaws.com")
    error_message = "tokens must be minted for STS"
  }
}

run "reuses_an_existing_provider" {
  command = plan

  variables {
    create_oidc_provider = false
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.this) == 0 && output.oidc_provider_arn == "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
    error_message = "an account's existing GitHub provider is looked up, not duplicated"
  }
}

run "no_state_or_registry_grants_unless_asked" {
  command = plan

  assert {
    condition     = length([for s in data.aws_iam_policy_document.ci.statement : s if s.sid == "EcrPush" || s.sid == "StateObjects"]) == 0
    error_message = "without repositories or a bucket the role gets only the ECR login"
  }
}

run "wildcard_subjects_are_rejected" {
  command = plan

  variables {
    subjects = ["ref:refs/heads/*"]
  }

  expect_failures = [var.subjects]
}

run "malformed_repository_is_rejected" {
  command = plan

  variables {
    github_repository = "taskboard"
  }

  expect_failures = [var.github_repository]
}
