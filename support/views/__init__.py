"""The support casework pages."""
