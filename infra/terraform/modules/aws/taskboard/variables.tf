variable "name" {
  description = "Name prefix of every resource (e.g. taskboard-prod)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,22}[a-z0-9]$", var.name))
    error_message = "name must be 3-24 lowercase letters, digits or hyphens, starting with a letter (ALB and target group names cap the length)."
  }
}

variable "availability_zones" {
  description = "Two availability zones of the region; subnets, NAT and the database spread over them."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) == 2 && length(distinct(var.availability_zones)) == 2
    error_message = "availability_zones must name exactly two distinct zones."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC; split into two public and two private /20 subnets."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 18
    error_message = "vpc_cidr must be a valid IPv4 CIDR of /18 or larger."
  }
}

variable "api_image" {
  description = "API image reference, pinned by tag or digest (e.g. <repo>/taskboard-api:1.4.0-3f2a1bc)."
  type        = string

  validation {
    condition     = can(regex("^[^:@ ]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", var.api_image)) && !endswith(var.api_image, ":latest")
    error_message = "api_image must carry an explicit tag or digest, not :latest."
  }
}

variable "web_image" {
  description = "Web image reference, pinned by tag or digest (e.g. <repo>/taskboard-web:1.4.0-3f2a1bc)."
  type        = string

  validation {
    condition     = can(regex("^[^:@ ]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", var.web_image)) && !endswith(var.web_image, ":latest")
    error_message = "web_image must carry an explicit tag or digest, not :latest."
  }
}

variable "certificate_arn" {
  description = "ACM certificate (issued, same region) for the HTTPS listener."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "api_desired_count" {
  description = "API tasks kept running (two or more spread over both zones in production)."
  type        = number
  default     = 2

  validation {
    condition     = var.api_desired_count >= 0 && floor(var.api_desired_count) == var.api_desired_count
    error_message = "api_desired_count must be a whole number >= 0."
  }
}

variable "web_desired_count" {
  description = "Web tasks kept running."
  type        = number
  default     = 2

  validation {
    condition     = var.web_desired_count >= 0 && floor(var.web_desired_count) == var.web_desired_count
    error_message = "web_desired_count must be a whole number >= 0."
  }
}

variable "task_size" {
  description = "Fargate CPU units and memory (MiB) of each api and web task."
  type = object({
    cpu    = number
    memory = number
  })
  default = { cpu = 256, memory = 512 }

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.task_size.cpu) && var.task_size.memory >= 512
    error_message = "task_size.cpu must be a Fargate size (256-4096) and memory at least 512 MiB."
  }
}

variable "db_instance_class" {
  description = "RDS instance class (db.t4g.micro is the smallest production-sane size)."
  type        = string
  default     = "db.t4g.micro"

  validation {
    condition     = startswith(var.db_instance_class, "db.")
    error_message = "db_instance_class must be an RDS class such as db.t4g.micro."
  }
}

variable "db_engine_version" {
  description = "PostgreSQL major version (the API is tested on 15 and later)."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^(1[5-9])(\\.[0-9]+)?$", var.db_engine_version))
    error_message = "db_engine_version must be PostgreSQL 15 or later."
  }
}

variable "db_allocated_storage" {
  description = "Initial storage in GiB; grows automatically up to db_max_allocated_storage."
  type        = number
  default     = 20

  validation {
    condition     = var.db_allocated_storage >= 20
    error_message = "db_allocated_storage must be at least 20 GiB (gp3 minimum)."
  }
}

variable "db_max_allocated_storage" {
  description = "Upper bound of storage autoscaling in GiB."
  type        = number
  default     = 100
}

variable "db_multi_az" {
  description = "Run a standby in the second zone (doubles the database cost)."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number
  default     = 14

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 1 and 35."
  }
}

variable "db_password" {
  description = "Password of the database user; ephemeral: written with password_wo, never stored."
  type        = string
  ephemeral   = true
  sensitive   = true

  validation {
    condition     = length(var.db_password) >= 20 && can(regex("^[A-Za-z0-9]+$", var.db_password))
    error_message = "db_password must be at least 20 letters or digits (it sits inside DATABASE_URL)."
  }
}

variable "secret_key" {
  description = "The API's SECRET_KEY; ephemeral: written with secret_string_wo, never stored."
  type        = string
  ephemeral   = true
  sensitive   = true

  validation {
    condition     = length(var.secret_key) >= 32
    error_message = "secret_key must be at least 32 characters (the API refuses shorter ones)."
  }
}

variable "secrets_version" {
  description = "Bump to write new db_password and secret_key values (write-only arguments apply only on a new version)."
  type        = number
  default     = 1
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps application and flow logs."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (e.g. 30, 90, 365)."
  }
}

variable "environment_variables" {
  description = "Extra plain environment variables of the API (e.g. LOG_LEVEL, CORS_ORIGINS)."
  type        = map(string)
  default     = {}

  validation {
    condition     = length(setintersection(keys(var.environment_variables), ["DATABASE_URL", "SECRET_KEY"])) == 0
    error_message = "DATABASE_URL and SECRET_KEY come from Secrets Manager; do not pass them as plain variables."
  }
}

variable "enable_deletion_protection" {
  description = "Protect the load balancer and the database from deletion (turn off only to tear down)."
  type        = bool
  default     = true
}

variable "enable_performance_insights" {
  description = "Turn on RDS Performance Insights (7 days, encrypted with the stack's key)."
  type        = bool
  default     = false
}

variable "enable_flow_log" {
  description = "Record the VPC's rejected and accepted traffic to CloudWatch Logs."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
