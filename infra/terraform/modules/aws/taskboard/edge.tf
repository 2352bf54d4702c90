# The TLS edge: HTTPS on 443 with a TLS 1.2+ policy, HTTP on 80 answering only with a redirect.
# Everything goes to the web tasks; the web proxies /api/* to the API (one origin for cookies).
resource "aws_lb" "this" {
  # checkov:skip=CKV_AWS_91:Access logs need a bucket with the regional ELB account's policy; request logs come from the web tasks.
  # checkov:skip=CKV2_AWS_28:WAF is priced per rule and request; add aws_wafv2_web_acl_association when the product needs it.
  name                       = var.name
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.alb.id]
  subnets                    = aws_subnet.public[*].id
  drop_invalid_header_fields = true
  enable_deletion_protection = var.enable_deletion_protection
  # Server-Sent Events hold a request open; the API's heartbeat (15 s) keeps it below this.
  idle_timeout = 120
  tags         = local.tags
}

resource "aws_lb_target_group" "web" {
  name                 = "${var.name}-web"
  port                 = local.web_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = aws_vpc.this.id
  deregistration_delay = 30
  tags                 = local.tags

  health_check {
    path                = "/healthz"
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn
  tags              = local.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb_listener" "http" {
  # checkov:skip=CKV_AWS_2:This listener only redirects to HTTPS.
  # checkov:skip=CKV_AWS_103:No TLS on a listener that only redirects.
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  tags              = local.tags

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
