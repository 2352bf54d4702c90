#!/usr/bin/env bash
# Deploy an overlay of infra/k8s, or the monitoring (infra/observability), to the current kubectl
# context (`./pants run infra/k8s:deploy -- <overlay|monitoring>`), with server-side apply:
#   1. the namespace, then a check that its Secret exists (taskboard-api, or grafana-admin);
#   2. for an overlay: everything but the API and the web (configuration, policies, routes), and
#      the migration Job, replaced and waited for: the schema is migrated before a new API starts;
#   3. everything, then the rollout of every Deployment, waited for.
# The monitoring adds the ConfigMap grafana-dashboards, made from the JSON in DASHBOARDS_DIR
# (the target generates it: infra/observability/dashboards:json).
# --dry-run prints the rendered manifests and touches no cluster. --image-tag TAG deploys both
# images at TAG instead of the overlay's tag. Without a reachable cluster it says so in one line
# and exits 1; a bad overlay name or option exits 2.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kubectl="${KUBECTL:-$(command -v kubectl || true)}"
field_manager="taskboard-deploy"
migration_timeout="${TASKBOARD_MIGRATION_TIMEOUT:-600}"
rollout_timeout="${TASKBOARD_ROLLOUT_TIMEOUT:-300s}"

die() {
  local code="$1"
  shift
  echo "deploy: $*" >&2
  exit "$code"
}

overlays() {
  local dir names=()
  for dir in "$here"/overlays/*/; do names+=("$(basename "$dir")"); done
  echo "${names[*]} monitoring"
}
usage() { die 2 "usage: deploy.sh [--dry-run] [--image-tag TAG] <overlay>   (overlays: $(overlays))"; }

dry_run=false
image_tag=""
overlay=""
while (($#)); do
  case "$1" in
  --dry-run) dry_run=true ;;
  --image-tag)
    (($# > 1)) || usage
    image_tag="$2"
    shift
    ;;
  --image-tag=*) image_tag="${1#--image-tag=}" ;;
  -h | --help) usage ;;
  -*) die 2 "unknown option '$1' (options: --dry-run, --image-tag TAG)" ;;
  *)
    [ -z "$overlay" ] || die 2 "one overlay at a time (got '$overlay' and '$1')"
    overlay="$1"
    ;;
  esac
  shift
done
[ -n "$overlay" ] || usage
case "$overlay" in
*/* | .*) die 2 "unknown overlay '$overlay' (overlays: $(overlays))" ;;
monitoring)
  source_dir="$here/../observability"
  secret=grafana-admin
  [ -z "$image_tag" ] || die 2 "--image-tag retags the app's images: not for monitoring"
  [ -n "${DASHBOARDS_DIR:-}" ] && [ -d "$DASHBOARDS_DIR" ] ||
    die 2 "DASHBOARDS_DIR is not a folder of dashboards: run through ./pants run infra/k8s:deploy, which generates them"
  ;;
*)
  source_dir="$here/overlays/$overlay"
  secret=taskboard-api
  ;;
esac
[ -f "$source_dir/kustomization.yaml" ] || die 2 "unknown overlay '$overlay' (overlays: $(overlays))"
# Docker's tag grammar: what `./pants package infra/docker::` tags with, nothing else.
if [ -n "$image_tag" ] && ! [[ "$image_tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; then
  die 2 "invalid image tag '$image_tag'"
fi
[ -n "$kubectl" ] && [ -x "$kubectl" ] || die 1 "kubectl not found (install it or set KUBECTL)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

render() {
  "$kubectl" kustomize "$1" >"$manifests" 2>"$work/kustomize.err" ||
    die 1 "kubectl kustomize $overlay failed: $(tr '\n' ' ' <"$work/kustomize.err")"
}
manifests="$work/manifests.yaml"
render "$source_dir"
if [ "$overlay" = monitoring ]; then
  # Provisioned by Grafana from the mounted files (grafana/provisioning/dashboards/taskboard.yml).
  {
    echo "---"
    "$kubectl" create configmap grafana-dashboards --namespace monitoring --from-file="$DASHBOARDS_DIR" \
      --dry-run=client -o yaml 2>"$work/dashboards.err" ||
      die 1 "the dashboards' ConfigMap: $(tr '\n' ' ' <"$work/dashboards.err")"
  } >>"$manifests"
fi
# Another tag: a throwaway kustomization on top of a copy of the overlay (kustomize refuses
# absolute paths; the workspace stays untouched) retags every image the overlay renders.
if [ -n "$image_tag" ]; then
  mkdir -p "$work/k8s/tagged"
  cp -R "$here/base" "$here/components" "$here/overlays" "$work/k8s/"
  {
    printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n'
    printf 'resources:\n  - ../overlays/%s\nimages:\n' "$overlay"
    awk '$1 == "image:" { sub(/@.*/, "", $2); sub(/:[^:\/]*$/, "", $2); print $2 }' "$manifests" | sort -u |
      while read -r image; do printf '  - name: %s\n    newTag: "%s"\n' "$image" "$image_tag"; done
  } >"$work/k8s/tagged/kustomization.yaml"
  render "$work/k8s/tagged"
fi

if $dry_run; then
  cat "$manifests"
  exit 0
fi

# The namespace is the rendered Namespace's name (kustomize writes `metadata.name` after labels).
namespace="$(awk '/^kind: Namespace$/ { ns = 1 } ns && /^  name: / { print $2; exit }' "$manifests")"
[ -n "$namespace" ] || die 1 "overlay $overlay renders no Namespace"

context="$("$kubectl" config current-context 2>/dev/null)" ||
  die 1 "no current kubectl context (KUBECONFIG=${KUBECONFIG:-~/.kube/config}): nothing to deploy $overlay to"
server="$("$kubectl" config view --minify -o jsonpath='{.clusters[0].cluster.server}' 2>/dev/null || true)"
"$kubectl" get --raw=/readyz --request-timeout=10s >/dev/null 2>"$work/reach.err" ||
  die 1 "cluster of context '$context' (${server:-no server}) is not reachable: $(tail -n 1 "$work/reach.err")"

k() { "$kubectl" --context "$context" "$@"; }
apply() { k apply --server-side --field-manager="$field_manager" -f "$manifests" "$@"; }

echo "deploy: $overlay to context '$context', namespace $namespace" >&2
apply --selector 'pod-security.kubernetes.io/enforce' >/dev/null # the Namespace alone carries it
k -n "$namespace" get secret "$secret" >/dev/null 2>&1 ||
  die 1 "Secret $secret is missing in namespace $namespace: create it first (docs/operations/deploy-kubernetes.md#secrets)"

# The names of the rendered objects of one kind (kustomize writes `metadata.name` as the first
# two-space `name:` after `kind`; labels and the spec sit deeper or elsewhere).
names_of() { awk -v kind="kind: $1" '/^---$/ { d = 0 } $0 == kind { d = 1 } d && /^  name: / { print $2; d = 0 }' "$manifests"; }

if names_of Job | grep -qx taskboard-migrate; then
  # A Job's pod template is immutable: the previous migration goes, the new one runs to the end.
  k -n "$namespace" delete job taskboard-migrate --ignore-not-found --wait=true >/dev/null
  apply --selector 'app.kubernetes.io/component notin (api,web)'
  echo "deploy: waiting for the migration (up to ${migration_timeout}s)" >&2
  deadline=$((SECONDS + migration_timeout))
  while :; do
    state="$(k -n "$namespace" get job taskboard-migrate \
      -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')"
    case " $state " in
    *" Complete "*) break ;;
    *" Failed "*)
      k -n "$namespace" logs job/taskboard-migrate --tail=30 >&2 || true
      die 1 "the migration failed: the API was not updated (logs above)"
      ;;
    esac
    ((SECONDS < deadline)) || die 1 "the migration did not finish in ${migration_timeout}s: the API was not updated"
    sleep 2
  done
fi

apply
for deployment in $(names_of Deployment); do
  k -n "$namespace" rollout status "deployment/$deployment" --timeout="$rollout_timeout" >&2 ||
    die 1 "deployment/$deployment did not become ready; the old pods keep serving. Roll back: kubectl -n $namespace rollout undo deployment/$deployment"
done
echo "deploy: $overlay deployed to '$context'" >&2
