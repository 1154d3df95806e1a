"""Input-output tables: the shipped ``bok-2023``, uploads and regionalised tables."""
