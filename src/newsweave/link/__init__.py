"""Cross-article stages: entity resolution, event clustering, discrepancies, citations."""
