# With a domain: a global external Application Load Balancer ends TLS (Google-managed
# certificate, TLS 1.2+), sends everything to the web through a serverless NEG, and answers
# HTTP with a redirect. Without one, the web's run.app URL is already HTTPS.
locals {
  lb = var.domain == null ? toset([]) : toset(["this"])
}

resource "google_compute_region_network_endpoint_group" "web" {
  for_each = local.lb

  project               = var.project_id
  name                  = "${var.name}-web"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = google_cloud_run_v2_service.web.name
  }
}

resource "google_compute_backend_service" "web" {
  for_each = local.lb

  project               = var.project_id
  name                  = "${var.name}-web"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  protocol              = "HTTPS"

  backend {
    group = google_compute_region_network_endpoint_group.web["this"].id
  }

  log_config {
    enable      = true
    sample_rate = 1
  }
}

resource "google_compute_url_map" "https" {
  for_each = local.lb

  project         = var.project_id
  name            = "${var.name}-https"
  default_service = google_compute_backend_service.web["this"].id
}

resource "google_compute_managed_ssl_certificate" "this" {
  for_each = local.lb

  project = var.project_id
  name    = "${var.name}-cert"

  managed {
    domains = [var.domain]
  }
}

resource "google_compute_ssl_policy" "this" {
  for_each = local.lb

  project         = var.project_id
  name            = "${var.name}-tls12"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_target_https_proxy" "this" {
  for_each = local.lb

  project          = var.project_id
  name             = "${var.name}-https"
  url_map          = google_compute_url_map.https["this"].id
  ssl_certificates = [google_compute_managed_ssl_certificate.this["this"].id]
  ssl_policy       = google_compute_ssl_policy.this["this"].id
}

resource "google_compute_global_address" "lb" {
  for_each = local.lb

  project = var.project_id
  name    = "${var.name}-lb"
}

resource "google_compute_global_forwarding_rule" "https" {
  for_each = local.lb

  project               = var.project_id
  name                  = "${var.name}-https"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  ip_address            = google_compute_global_address.lb["this"].id
  port_range            = "443"
  target                = google_compute_target_https_proxy.this["this"].id
}

resource "google_compute_url_map" "redirect" {
  for_each = local.lb

  project = var.project_id
  name    = "${var.name}-redirect"

  default_url_redirect {
    https_redirect         = true
    redirect_response_code = "MOVED_PERMANENTLY_DEFAULT"
    strip_query            = false
  }
}

resource "google_compute_target_http_proxy" "redirect" {
  for_each = local.lb

  project = var.project_id
  name    = "${var.name}-redirect"
  url_map = google_compute_url_map.redirect["this"].id
}

resource "google_compute_global_forwarding_rule" "http" {
  for_each = local.lb

  project               = var.project_id
  name                  = "${var.name}-http"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  ip_address            = google_compute_global_address.lb["this"].id
  port_range            = "80"
  target                = google_compute_target_http_proxy.redirect["this"].id
}
