"""Scale: running the per-article stages and near-duplicate search on Apache Spark (`spark_job`); the
stories it finds are those of the single-machine `newsweave ingest`. How to run it on a cluster:
docs/scale.md."""
