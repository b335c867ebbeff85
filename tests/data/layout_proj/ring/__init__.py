"""ring and util import each other: one crate."""
