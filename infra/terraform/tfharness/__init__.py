"""Test harness for the Terraform roots: a Terraform runner, the local provider mirror, moto."""
