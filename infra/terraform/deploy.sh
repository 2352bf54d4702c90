#!/usr/bin/env bash
# Plan or apply one Terraform root from the workspace: the `:plan` / `:apply` targets of each
# root run this (`./pants run infra/terraform/envs/<cloud>/<env>:plan`).
#
#   deploy.sh <root folder> plan|apply [terraform arguments...]
#
# It fails in one line, before touching Terraform, when the cloud's credentials, the root's
# backend.hcl or the image references are missing. Extra arguments go to terraform (e.g.
# `--auto-approve`, `-var-file=prod.tfvars`); apply asks for confirmation unless told not to.
set -euo pipefail

die() {
  printf 'deploy: %s\n' "$*" >&2
  exit 2
}

[ $# -ge 2 ] || die "usage: deploy.sh <root folder> plan|apply [terraform args...]"
root=$1 action=$2
shift 2
case "$action" in plan | apply) ;; *) die "action must be plan or apply, not '$action'" ;; esac
[ -d "$root" ] || die "no root folder $root"
# envs/<cloud>/<env>
env_name=$(basename "$root")
cloud=$(basename "$(dirname "$root")")

have() { [ -n "${!1:-}" ]; }
any_of() { # <description> <var>...: at least one variable set, else one line naming them all
  local what=$1 var
  shift
  for var in "$@"; do have "$var" && return 0; done
  die "no $what credentials for $root: set $(printf '%s or ' "$@" | sed 's/ or $//')"
}
all_of() { # <description> <var>...: every variable set, else one line naming the missing ones
  local what=$1 var missing=()
  shift
  for var in "$@"; do have "$var" || missing+=("$var"); done
  ((${#missing[@]} == 0)) || die "no $what credentials for $root: set ${missing[*]}"
}

case "$cloud" in
  aws)
    # A profile, static keys (local only) or GitHub's OIDC web identity (CI).
    any_of AWS AWS_PROFILE AWS_ACCESS_KEY_ID AWS_WEB_IDENTITY_TOKEN_FILE AWS_CONTAINER_CREDENTIALS_FULL_URI
    ;;
  gcp)
    # A credentials file (service account key or Workload Identity Federation config) or a token.
    any_of GCP GOOGLE_APPLICATION_CREDENTIALS GOOGLE_OAUTH_ACCESS_TOKEN GOOGLE_CREDENTIALS
    ;;
  digitalocean)
    any_of DigitalOcean DIGITALOCEAN_TOKEN DIGITALOCEAN_ACCESS_TOKEN
    # The state lives in a Spaces bucket, reached through the S3 protocol.
    all_of "Spaces (state)" AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
    ;;
  ovh)
    all_of OVHcloud OVH_ENDPOINT OVH_APPLICATION_KEY OVH_APPLICATION_SECRET OVH_CONSUMER_KEY
    # The state lives in OVHcloud Object Storage, reached through the S3 protocol.
    all_of "Object Storage (state)" AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
    ;;
  *) die "unknown cloud '$cloud' (expected envs/<aws|gcp|digitalocean|ovh>/<env>)" ;;
esac

init_args=(-input=false)
if [ "$env_name" != bootstrap ]; then
  [ -f "$root/backend.hcl" ] ||
    die "no $root/backend.hcl: copy backend.hcl.example and fill it from the bootstrap root's outputs"
  init_args+=(-backend-config=backend.hcl)
  # The images the graph built (docs/operations/deploy-$cloud.md), for the roots that take
  # them; a tfvars file may set them instead.
  if grep -qs '^variable "api_image"' "$root"/*.tf && ! have TF_VAR_api_image &&
    ! grep -qs '^api_image' "$root"/*.tfvars; then
    die "no image references: set TF_VAR_api_image and TF_VAR_web_image (the tags the graph built)"
  fi
fi

terraform=${TERRAFORM:-terraform}
command -v "$terraform" >/dev/null || die "terraform not found on PATH (set TERRAFORM)"
"$terraform" -chdir="$root" init "${init_args[@]}" >/dev/null
args=()
for arg in "$@"; do
  # Pants passes `-- --auto-approve` through; terraform spells it with one dash.
  [ "$arg" = --auto-approve ] && arg=-auto-approve
  args+=("$arg")
done
exec "$terraform" -chdir="$root" "$action" -input=true "${args[@]}"
