"""Governance pages, split by concept: boards and meetings for the clerk and members, the reports, the termly dashboard and term dates, and the published view."""
