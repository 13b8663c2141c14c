"""Notifications: reminder deliveries (exactly once per key, recipient, channel and slot), channels, the in-app centre."""
