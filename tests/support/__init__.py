"""Test support shared by tests and benchmarks: real services, stacks, articles."""
