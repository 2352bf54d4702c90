# DIGITALOCEAN_TOKEN carries the API token (a scoped token in CI).
provider "digitalocean" {}
