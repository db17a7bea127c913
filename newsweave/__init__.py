"""newsweave: cross-checked, source-attributed story dossiers from many news articles."""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
"""Before anything imports torch (spaCy does): OpenMP threads that spin-wait for work burn a core another
process needs on a shared machine (encoding under load: 23.5 CPU-s spinning vs 17.5 passive, and slower wall
time too). Set before the OpenMP runtime loads, since it reads the variable once; a user's own setting wins."""
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
"""Before anything imports numpy: its OpenBLAS splits each matrix product over threads that wake and spin for
it, and linking multiplies thousands of small ones (a story's cosines by blocks of rows, article pairs'
sentences): under load, 2.5 of 8.3 CPU-s of linking 200 articles went to that, and the cosines of 100 texts
cost 6.6 ms of CPU instead of 0.1. The run uses both cores with processes; each product gives the same values
(spaCy's own products go through blis, not OpenBLAS)."""
