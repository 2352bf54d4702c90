# Taskboard production on OVHcloud: a thin root over modules/ovh/taskboard. The images run on
# the cluster through the Kubernetes overlay (kubectl apply -k), not through Terraform.
module "taskboard" {
  source = "../../../modules/ovh/taskboard"

  service_name = var.service_name
  name         = "taskboard-prod"
  region       = var.region
}
