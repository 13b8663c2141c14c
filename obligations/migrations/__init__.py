"""Migrations of the obligations app."""
