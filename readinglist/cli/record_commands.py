"""The presenter's command for works without a DOI: record."""
