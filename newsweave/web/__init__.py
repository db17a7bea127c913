"""`newsweave serve`: the web app and JSON API over the store that `analyze` and `ingest` write.

Pages are rendered on the server (they work without JavaScript) by the same section renderers as the static
report (`newsweave.report.sections`), with links that point at the article page's sentence instead of within
one file. The JSON API uses the dossier contract's field names (docs/dossier-contract.md, docs/api.md).
"""
