"""The hostile corpus of issue 15: generators of bad inputs (in `corpus.py`, a registry every area extends) and
of the good made-up articles they are mixed with. `bench/hostile.py` runs the whole command over them; the
suite checks each case's outcome at the layer that must produce it."""
