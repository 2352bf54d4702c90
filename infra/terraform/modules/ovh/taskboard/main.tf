# Taskboard on OVHcloud: a private network (vRack), a Managed Kubernetes cluster and node pool on
# it (the Kubernetes overlay of infra/k8s deploys the images there), and a managed PostgreSQL
# whose only door is the private subnet, with a user of its own.

locals {
  db_allowed_cidrs = coalesce(var.db_allowed_cidrs, [var.subnet.cidr])
  db_nodes         = var.db_plan == "essential" ? 1 : 2
}

resource "ovh_cloud_project_network_private" "this" {
  service_name = var.service_name
  name         = var.name
  regions      = [var.region]
  vlan_id      = var.vlan_id
}

resource "ovh_cloud_project_network_private_subnet" "this" {
  service_name = var.service_name
  network_id   = ovh_cloud_project_network_private.this.id
  region       = var.region
  network      = var.subnet.cidr
  start        = var.subnet.start
  end          = var.subnet.end
  dhcp         = true
  no_gateway   = false
}

resource "ovh_cloud_project_kube" "this" {
  service_name       = var.service_name
  name               = var.name
  region             = var.region
  version            = var.kube_version
  private_network_id = tolist(ovh_cloud_project_network_private.this.regions_attributes)[0].openstackid

  private_network_configuration {
    default_vrack_gateway              = ""
    private_network_routing_as_default = false
  }

  depends_on = [ovh_cloud_project_network_private_subnet.this]
}

resource "ovh_cloud_project_kube_nodepool" "this" {
  service_name  = var.service_name
  kube_id       = ovh_cloud_project_kube.this.id
  name          = "default"
  flavor_name   = var.node_flavor
  desired_nodes = var.nodes.desired
  min_nodes     = var.nodes.min
  max_nodes     = var.nodes.max
  autoscale     = true
  # Nodes spread over hosts, so one hypervisor failure takes at most one node.
  anti_affinity = true
}

resource "ovh_cloud_project_database" "this" {
  service_name        = var.service_name
  description         = var.name
  engine              = "postgresql"
  version             = "16"
  plan                = var.db_plan
  flavor              = var.db_flavor
  deletion_protection = var.enable_deletion_protection
  backup_time         = "03:00:00"

  dynamic "nodes" {
    for_each = range(local.db_nodes)
    content {
      region     = var.region
      network_id = ovh_cloud_project_network_private.this.id
      subnet_id  = ovh_cloud_project_network_private_subnet.this.id
    }
  }

  dynamic "ip_restrictions" {
    for_each = toset(local.db_allowed_cidrs)
    content {
      ip          = ip_restrictions.value
      description = "taskboard ${var.name}"
    }
  }
}

resource "ovh_cloud_project_database_database" "this" {
  service_name = var.service_name
  engine       = "postgresql"
  cluster_id   = ovh_cloud_project_database.this.id
  name         = "taskboard"
}

resource "ovh_cloud_project_database_postgresql_user" "this" {
  service_name = var.service_name
  cluster_id   = ovh_cloud_project_database.this.id
  name         = "taskboard"
}
