"""Report: the dossier written as JSON, Markdown and one self-contained HTML page."""
