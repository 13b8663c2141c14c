"""Migrations of the competency app."""
