"""Number statistics, shared by the programs of the mixed example."""
