"""Template tags of the obligations app."""
