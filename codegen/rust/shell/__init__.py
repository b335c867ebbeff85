"""Rust emission for the shell frontend."""
