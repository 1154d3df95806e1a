"""Saved plans: ``/v1/plans`` CRUD and the metrics of a saved plan."""
