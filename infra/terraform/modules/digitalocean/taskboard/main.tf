# Taskboard on DigitalOcean: an App Platform app with the web and the API (the migration is a
# pre-deploy job of the API image), a managed PostgreSQL cluster in a VPC behind a firewall that
# admits the app alone. App Platform ends TLS, redirects HTTP and keeps the logs.

locals {
  tags = concat(var.tags, ["taskboard", var.name])
  image = {
    for role, ref in { api = var.api_image, web = var.web_image } : role => {
      repository           = regex("^registry\\.digitalocean\\.com/[^/]+/([^:]+):(.+)$", ref)[0]
      tag                  = regex("^registry\\.digitalocean\\.com/[^/]+/([^:]+):(.+)$", ref)[1]
    }
  }
  api_env = {
    ENVIRONMENT   = "production"
    LOG_JSON      = "true"
    COOKIE_SECURE = "true"
    HSTS          = "true"
  }
}

resource "digitalocean_vpc" "this" {
  name     = var.name
  region   = var.region
  ip_range = var.vpc_ip_range
}

resource "digitalocean_database_cluster" "this" {
  name                 = var.name
  engine               = "pg"
  version              = "16"
  size                 = var.db_size
  region               = var.region
  node_count           = var.db_node_count
  private_network_uuid = digitalocean_vpc.this.id
  tags                 = local.tags

  maintenance_window {
    day  = "sunday"
    hour = "04:00:00"
  }
}

resource "digitalocean_database_db" "this" {
  cluster_id = digitalocean_database_cluster.this.id
  name       = "taskboard"
}

resource "digitalocean_database_user" "this" {
  cluster_id = digitalocean_database_cluster.this.id
  name       = "taskboard"
}

# Only the app reaches PostgreSQL (no address range, no droplet, not the internet).
resource "digitalocean_database_firewall" "this" {
  cluster_id = digitalocean_database_cluster.this.id

  rule {
    type  = "app"
    value = digitalocean_app.this.id
  }
}

resource "digitalocean_app" "this" {
  spec {
    name   = var.name
    region = var.app_region

    dynamic "domain" {
      for_each = var.domain == null ? [] : [var.domain]
      content {
        name = domain.value
        type = "PRIMARY"
      }
    }

    # The database as an app component: App Platform injects ${db.DATABASE_URL} (TLS on) and
    # the app is what the firewall admits.
    database {
      name         = "db"
      engine       = "PG"
      production   = true
      cluster_name = digitalocean_database_cluster.this.name
      db_name      = digitalocean_database_db.this.name
      db_user      = digitalocean_database_user.this.name
    }

    service {
      name               = "api"
      instance_size_slug = var.instance_size
      instance_count     = var.instance_count
      http_port          = 8000
      # No route: the API is internal, reached by the web at ${api.PRIVATE_URL}.
      internal_ports = [8000]

      image {
        registry_type = "DOCR"
        repository    = local.image.api.repository
        tag           = local.image.api.tag
      }

      health_check {
        http_path             = "/readyz"
        initial_delay_seconds = 10
        period_seconds        = 10
      }

      dynamic "env" {
        for_each = local.api_env
        content {
          key   = env.key
          value = env.value
          scope = "RUN_TIME"
        }
      }

      env {
        key   = "DATABASE_URL"
        value = "$${db.DATABASE_URL}"
        scope = "RUN_TIME"
        type  = "SECRET"
      }

      env {
        key   = "SECRET_KEY"
        value = var.secret_key
        scope = "RUN_TIME"
        type  = "SECRET"
      }
    }

    # The migration runs once per deploy, before the new version takes traffic; a failure stops
    # the deploy and the running version stays.
    job {
      name               = "migrate"
      kind               = "PRE_DEPLOY"
      instance_size_slug = var.instance_size
      run_command        = "migrate"

      image {
        registry_type = "DOCR"
        repository    = local.image.api.repository
        tag           = local.image.api.tag
      }

      dynamic "env" {
        for_each = local.api_env
        content {
          key   = env.key
          value = env.value
          scope = "RUN_TIME"
        }
      }

      env {
        key   = "DATABASE_URL"
        value = "$${db.DATABASE_URL}"
        scope = "RUN_TIME"
        type  = "SECRET"
      }

      env {
        key   = "SECRET_KEY"
        value = var.secret_key
        scope = "RUN_TIME"
        type  = "SECRET"
      }
    }

    service {
      name               = "web"
      instance_size_slug = var.instance_size
      instance_count     = var.instance_count
      http_port          = 3000

      image {
        registry_type = "DOCR"
        repository    = local.image.web.repository
        tag           = local.image.web.tag
      }

      health_check {
        http_path = "/healthz"
      }

      env {
        key   = "NODE_ENV"
        value = "production"
        scope = "RUN_TIME"
      }

      env {
        key   = "API_URL"
        value = "$${api.PRIVATE_URL}"
        scope = "RUN_TIME"
      }
    }

    ingress {
      rule {
        component {
          name = "web"
        }
        match {
          path {
            prefix = "/"
          }
        }
      }
    }

    alert {
      rule = "DEPLOYMENT_FAILED"
    }

    alert {
      rule = "DOMAIN_FAILED"
    }
  }
}
