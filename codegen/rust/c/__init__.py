"""Rust emission for C: the translator from pycparser's syntax tree to Rust over the `crt` memory model."""
