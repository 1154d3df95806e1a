"""Saved what-if scenarios: ``/v1/scenarios``."""
