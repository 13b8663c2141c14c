"""Template tags of the members app."""
