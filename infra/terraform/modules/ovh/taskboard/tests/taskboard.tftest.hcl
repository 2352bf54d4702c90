# Logic of the OVHcloud stack with a mocked provider. Not run on this project's machines (the
# provider is not obtainable there); runs where TASKBOARD_TF_REGISTRY=1 lets init fetch it.

mock_provider "ovh" {}

variables {
  service_name = "0123456789abcdef0123456789abcdef"
  name         = "tb-test"
  region       = "GRA11"
}

run "database_admits_the_private_subnet_only" {
  command = plan

  assert {
    condition     = [for r in ovh_cloud_project_database.this.ip_restrictions : r.ip] == ["10.70.0.0/24"]
    error_message = "PostgreSQL accepts the private subnet and nothing else by default"
  }
  assert {
    condition     = length(ovh_cloud_project_database.this.nodes) == 2
    error_message = "the business plan runs two nodes"
  }
}

run "node_pool_autoscales_within_bounds" {
  command = plan

  assert {
    condition     = ovh_cloud_project_kube_nodepool.this.autoscale && ovh_cloud_project_kube_nodepool.this.min_nodes == 2 && ovh_cloud_project_kube_nodepool.this.max_nodes == 4
    error_message = "the pool autoscales between 2 and 4 nodes"
  }
}

run "inverted_node_bounds_are_rejected" {
  command = plan

  variables {
    nodes = { min = 3, desired = 2, max = 4 }
  }

  expect_failures = [var.nodes]
}
