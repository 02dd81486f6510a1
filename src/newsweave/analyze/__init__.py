"""Per-article stages: language, normalize, entities, dates, figures, topics, embed."""
