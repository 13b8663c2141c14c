"""Migrations of the trainings app."""
