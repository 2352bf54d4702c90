variable "service_name" {
  description = "Public Cloud project id."
  type        = string
}

variable "name" {
  description = "Name prefix of every resource (e.g. taskboard-prod)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  description = "Region of the cluster, the network and the database (e.g. GRA11)."
  type        = string
}

variable "vlan_id" {
  description = "vRack VLAN id of the private network (unique within the vRack)."
  type        = number
  default     = 42

  validation {
    condition     = var.vlan_id >= 1 && var.vlan_id <= 4000
    error_message = "vlan_id must be between 1 and 4000."
  }
}

variable "subnet" {
  description = "Private subnet: CIDR and the DHCP range inside it."
  type = object({
    cidr  = string
    start = string
    end   = string
  })
  default = { cidr = "10.70.0.0/24", start = "10.70.0.10", end = "10.70.0.250" }

  validation {
    condition     = can(cidrhost(var.subnet.cidr, 0))
    error_message = "subnet.cidr must be a valid IPv4 CIDR."
  }
}

variable "kube_version" {
  description = "Kubernetes minor version of the managed cluster."
  type        = string
  default     = "1.32"
}

variable "node_flavor" {
  description = "Instance flavor of the nodes (b3-8: 2 vCPU, 8 GB, the smallest general-purpose size)."
  type        = string
  default     = "b3-8"
}

variable "nodes" {
  description = "Node pool size: autoscaled between min and max, starting at desired."
  type        = object({ min = number, desired = number, max = number })
  default     = { min = 2, desired = 2, max = 4 }

  validation {
    condition     = var.nodes.min >= 1 && var.nodes.min <= var.nodes.desired && var.nodes.desired <= var.nodes.max
    error_message = "nodes needs 1 <= min <= desired <= max."
  }
}

variable "db_plan" {
  description = "Managed PostgreSQL plan: essential (1 node), business (2 nodes, failover) or enterprise."
  type        = string
  default     = "business"

  validation {
    condition     = contains(["essential", "business", "enterprise"], var.db_plan)
    error_message = "db_plan must be essential, business or enterprise."
  }
}

variable "db_flavor" {
  description = "Managed PostgreSQL node flavor (db1-4: 1 vCPU, 4 GB)."
  type        = string
  default     = "db1-4"
}

variable "db_allowed_cidrs" {
  description = "Addresses allowed to connect to PostgreSQL: the private subnet by default."
  type        = list(string)
  default     = null
}

variable "enable_deletion_protection" {
  description = "Protect the database from deletion (turn off only to tear down)."
  type        = bool
  default     = true
}
