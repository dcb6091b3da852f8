"""Readers for public gold-standard formats and scorers that measure frontwire against them."""
