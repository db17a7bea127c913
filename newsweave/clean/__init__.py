"""Clean: turn a `RawDocument` into an `Article`: page furniture removed (and recorded), metadata found."""
