"""One file per schema revision, oldest first; never edit a landed one, add the next."""
