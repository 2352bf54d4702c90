# Logic of the state bucket module with a mocked AWS provider.

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::tb-state-test" }
  }
}

variables {
  bucket_name = "tb-state-test"
}

run "state_is_versioned_encrypted_and_private" {
  command = apply

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "state versions are kept (rollback of a bad apply)"
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "state is encrypted with KMS"
  }
  assert {
    condition     = alltrue([aws_s3_bucket_public_access_block.this.block_public_acls, aws_s3_bucket_public_access_block.this.block_public_policy, aws_s3_bucket_public_access_block.this.ignore_public_acls, aws_s3_bucket_public_access_block.this.restrict_public_buckets])
    error_message = "every public access path is blocked"
  }
  assert {
    condition     = !aws_s3_bucket.this.force_destroy
    error_message = "the bucket is not destroyable while it holds state, by default"
  }
  assert {
    condition     = output.bucket_name == "tb-state-test"
    error_message = "the output names the bucket for the roots' backend.hcl"
  }
}

run "old_versions_expire_after_the_retention" {
  command = plan

  variables {
    noncurrent_version_retention_days = 30
  }

  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.this.rule).noncurrent_version_expiration[0].noncurrent_days == 30
    error_message = "overwritten state versions expire after the retention window"
  }
}

run "uppercase_bucket_name_is_rejected" {
  command = plan

  variables {
    bucket_name = "Taskboard_State"
  }

  expect_failures = [var.bucket_name]
}
