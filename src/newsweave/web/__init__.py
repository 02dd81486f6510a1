"""Server-rendered pages (Jinja2, autoescaped) and the vendored CSS/JS they use."""
