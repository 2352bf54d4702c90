variable "region" {
  description = "AWS region of the state bucket and the registries."
  type        = string
  default     = "eu-west-1"
}

variable "state_bucket_name" {
  description = "Globally unique name of the Terraform state bucket (e.g. taskboard-tfstate-<account id>)."
  type        = string
}

variable "github_repository" {
  description = "The GitHub repository (owner/name) whose workflows deploy."
  type        = string
}

variable "github_subjects" {
  description = "OIDC subjects allowed to assume the deploy role (GitHub environment or branch)."
  type        = list(string)
  default     = ["environment:production"]
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (false if the account has one)."
  type        = bool
  default     = true
}

variable "deploy_policy_arns" {
  description = "Managed policies the deploy role needs to apply the prod root."
  type        = list(string)
  default     = []
}
