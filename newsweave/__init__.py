"""newsweave: cross-checked, source-attributed story dossiers from many news articles."""
