# The account's container registry; App Platform pulls the two images from it.
resource "digitalocean_container_registry" "this" {
  name                   = var.name
  subscription_tier_slug = var.subscription_tier
  region                 = var.region
}
