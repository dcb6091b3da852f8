"""Corpus runs: sources -> articles -> (workers) events -> store -> clusters."""
