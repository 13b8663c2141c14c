"""The obligations app (see docs/conventions.md for the shape every app shares)."""
