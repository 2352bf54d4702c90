# Logic of the ECR module with a mocked AWS provider.

mock_provider "aws" {}

variables {
  repositories = ["taskboard-api", "taskboard-web"]
}

run "one_immutable_scanned_repository_per_image" {
  command = apply

  assert {
    condition     = toset(keys(aws_ecr_repository.this)) == toset(["taskboard-api", "taskboard-web"])
    error_message = "one repository per image"
  }
  assert {
    condition     = alltrue([for r in aws_ecr_repository.this : r.image_tag_mutability == "IMMUTABLE" && r.image_scanning_configuration[0].scan_on_push])
    error_message = "tags are immutable and images are scanned on push"
  }
  assert {
    condition     = alltrue([for p in aws_ecr_lifecycle_policy.this : jsondecode(p.policy).rules[0].selection.countNumber == 30])
    error_message = "each repository keeps the newest 30 images"
  }
  assert {
    condition     = toset(keys(output.repository_urls)) == toset(["taskboard-api", "taskboard-web"])
    error_message = "the output maps image names to repository URLs"
  }
}

run "bad_repository_name_is_rejected" {
  command = plan

  variables {
    repositories = ["Taskboard API"]
  }

  expect_failures = [var.repositories]
}
