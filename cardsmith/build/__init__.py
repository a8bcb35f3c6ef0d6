"""Building outputs: the pipeline, its cache, worker processes, atomic writes."""
