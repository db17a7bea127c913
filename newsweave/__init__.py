"""newsweave: cross-checked, source-attributed story dossiers from many news articles."""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
"""Before anything imports torch (spaCy does): OpenMP threads that spin-wait for work burn a core another
process needs on a shared machine (encoding under load: 23.5 CPU-s spinning vs 17.5 passive, and slower wall
time too). Set before the OpenMP runtime loads, since it reads the variable once; a user's own setting wins."""
