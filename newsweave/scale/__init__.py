"""Scale: running the pipeline on a cluster (Apache Spark)."""
