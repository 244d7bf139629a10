"""Inclusion partnerships: pupils at risk of exclusion, consultations before exclusion, exclusions,
alternative provision and the partnerships' funding (decision 0020)."""
