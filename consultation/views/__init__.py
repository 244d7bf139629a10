"""Consultation pages: respondents', officers' and the public summary."""
