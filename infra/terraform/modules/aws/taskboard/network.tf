# Two public subnets (ALB, NAT) and two private ones (tasks, database), one of each per zone.
resource "aws_vpc" "this" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(local.tags, { Name = var.name })
}

# The default security group allows nothing: every resource names its own.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = "${var.name}-default-deny" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = var.name })
}

resource "aws_subnet" "public" {
  count = 2

  vpc_id                  = aws_vpc.this.id
  availability_zone       = var.availability_zones[count.index]
  map_public_ip_on_launch = false
  cidr_block              = cidrsubnet(var.vpc_cidr, 20 - tonumber(split("/", var.vpc_cidr)[1]), count.index)
  tags                    = merge(local.tags, { Name = "${var.name}-public-${var.availability_zones[count.index]}" })
}

resource "aws_subnet" "private" {
  count = 2

  vpc_id                  = aws_vpc.this.id
  availability_zone       = var.availability_zones[count.index]
  map_public_ip_on_launch = false
  cidr_block              = cidrsubnet(var.vpc_cidr, 20 - tonumber(split("/", var.vpc_cidr)[1]), count.index + 2)
  tags                    = merge(local.tags, { Name = "${var.name}-private-${var.availability_zones[count.index]}" })
}

# One NAT gateway: tasks pull images and reach AWS APIs through it. A second one per zone removes
# the single point of failure for outbound traffic at ~$35/month more.
resource "aws_eip" "nat" {
  domain = "vpc"
  tags   = merge(local.tags, { Name = "${var.name}-nat" })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "this" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id
  tags          = merge(local.tags, { Name = var.name })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = "${var.name}-public" })
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  count = 2

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = "${var.name}-private" })
}

resource "aws_route" "private_nat" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this.id
}

resource "aws_route_table_association" "private" {
  count = 2

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_cloudwatch_log_group" "flow_log" {
  count = var.enable_flow_log ? 1 : 0

  name              = "/taskboard/${var.name}/vpc-flow-log"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn
  tags              = local.tags
}

resource "aws_flow_log" "this" {
  count = var.enable_flow_log ? 1 : 0

  vpc_id          = aws_vpc.this.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow_log[0].arn
  iam_role_arn    = aws_iam_role.flow_log[0].arn
  tags            = local.tags
}

# Security groups: internet -> ALB -> web -> API -> database, nothing else inbound.
resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Public HTTPS (and HTTP, which only redirects) to the load balancer"
  vpc_id      = aws_vpc.this.id
  tags        = local.tags
}

resource "aws_security_group" "web" {
  name        = "${var.name}-web"
  description = "Web tasks: from the load balancer only"
  vpc_id      = aws_vpc.this.id
  tags        = local.tags
}

resource "aws_security_group" "api" {
  name        = "${var.name}-api"
  description = "API tasks: from the web tasks only"
  vpc_id      = aws_vpc.this.id
  tags        = local.tags
}

resource "aws_security_group" "db" {
  name        = "${var.name}-db"
  description = "PostgreSQL: from the API tasks only"
  vpc_id      = aws_vpc.this.id
  tags        = local.tags
}

locals {
  # name => [security group, direction, port, peer group (null: anywhere), description]
  sg_rules = {
    alb_in_https  = ["alb", "ingress", 443, null, "HTTPS from anywhere"]
    alb_in_http   = ["alb", "ingress", 80, null, "HTTP from anywhere, redirected to HTTPS"]
    alb_out_web   = ["alb", "egress", local.web_port, "web", "to the web tasks"]
    web_in_alb    = ["web", "ingress", local.web_port, "alb", "from the load balancer"]
    web_out_api   = ["web", "egress", local.api_port, "api", "to the API tasks"]
    web_out_https = ["web", "egress", 443, null, "image pulls, logs and AWS APIs through NAT"]
    api_in_web    = ["api", "ingress", local.api_port, "web", "from the web tasks"]
    api_out_db    = ["api", "egress", 5432, "db", "to PostgreSQL"]
    api_out_https = ["api", "egress", 443, null, "image pulls, logs and AWS APIs through NAT"]
    db_in_api     = ["db", "ingress", 5432, "api", "from the API tasks"]
  }
  security_groups = {
    alb = aws_security_group.alb.id
    web = aws_security_group.web.id
    api = aws_security_group.api.id
    db  = aws_security_group.db.id
  }
}

resource "aws_vpc_security_group_ingress_rule" "this" {
  # checkov:skip=CKV_AWS_260:Port 80 is open to the internet only to redirect to HTTPS (edge.tf).
  for_each = { for k, r in local.sg_rules : k => r if r[1] == "ingress" }

  security_group_id            = local.security_groups[each.value[0]]
  description                  = each.value[4]
  ip_protocol                  = "tcp"
  from_port                    = each.value[2]
  to_port                      = each.value[2]
  cidr_ipv4                    = each.value[3] == null ? "0.0.0.0/0" : null
  referenced_security_group_id = each.value[3] == null ? null : local.security_groups[each.value[3]]
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "this" {
  for_each = { for k, r in local.sg_rules : k => r if r[1] == "egress" }

  security_group_id            = local.security_groups[each.value[0]]
  description                  = each.value[4]
  ip_protocol                  = "tcp"
  from_port                    = each.value[2]
  to_port                      = each.value[2]
  cidr_ipv4                    = each.value[3] == null ? "0.0.0.0/0" : null
  referenced_security_group_id = each.value[3] == null ? null : local.security_groups[each.value[3]]
  tags                         = local.tags
}
