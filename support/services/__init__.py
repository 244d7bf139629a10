"""Writes of support casework: each takes the acting person and a reason, and is atomic."""
