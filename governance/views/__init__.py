"""Governance pages: boards and meetings for the clerk and members, and the published view."""
