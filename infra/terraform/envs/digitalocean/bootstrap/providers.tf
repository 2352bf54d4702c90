# DIGITALOCEAN_TOKEN for the API; SPACES_ACCESS_KEY_ID / SPACES_SECRET_ACCESS_KEY for the bucket.
provider "digitalocean" {}
