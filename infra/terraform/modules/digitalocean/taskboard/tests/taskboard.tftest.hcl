# Logic of the DigitalOcean stack with a mocked provider. Not run on this project's machines
# (the provider is not obtainable there); runs where TASKBOARD_TF_REGISTRY=1 lets init fetch it.

mock_provider "digitalocean" {}

variables {
  name       = "tb-test"
  region     = "fra1"
  app_region = "fra"
  api_image  = "registry.digitalocean.com/taskboard/taskboard-api:1.2.3"
  web_image  = "registry.digitalocean.com/taskboard/taskboard-web:1.2.3"
  secret_key = "mock-secret-key-0123456789abcdef0123456789"
}

run "images_split_into_repository_and_tag" {
  command = plan

  assert {
    condition     = local.image.api.repository == "taskboard-api" && local.image.api.tag == "1.2.3"
    error_message = "the API image reference splits into DOCR repository and tag"
  }
  assert {
    condition     = digitalocean_app.this.spec[0].job[0].kind == "PRE_DEPLOY" && digitalocean_app.this.spec[0].job[0].run_command == "migrate"
    error_message = "the migration runs before each deploy"
  }
}

run "only_the_app_reaches_the_database" {
  command = plan

  assert {
    condition     = length(digitalocean_database_firewall.this.rule) == 1 && one(digitalocean_database_firewall.this.rule).type == "app"
    error_message = "the firewall admits the app alone"
  }
}

run "images_outside_the_registry_are_rejected" {
  command = plan

  variables {
    web_image = "ghcr.io/acme/taskboard-web:1.2.3"
  }

  expect_failures = [var.web_image]
}
