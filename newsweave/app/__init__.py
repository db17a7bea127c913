"""The application layer: the pipeline that runs the stages in order, and the store-backed incremental ingest."""
