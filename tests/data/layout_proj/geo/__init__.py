"""Points and distances."""
