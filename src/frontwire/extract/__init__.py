"""Extraction from annotated sentences: triggers, actors, numbers, time, modality, events."""
