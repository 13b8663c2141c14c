"""Members: regions, forums, people and who holds which post on a day (the actor)."""
