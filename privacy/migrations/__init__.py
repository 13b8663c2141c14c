"""Migrations of the privacy app."""
