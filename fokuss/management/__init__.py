"""Management commands of fokuss."""
