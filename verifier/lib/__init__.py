"""Helpers both apps use (they never import each other): text checks, throttles, error pages."""
