"""Migrations of the mentoring app."""
