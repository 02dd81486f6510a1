"""Readers (files, HTML, feeds, URLs), text extraction, boilerplate and duplicate detection."""
