"""Template tags of the portal core: ``policy`` ({% can %})."""
