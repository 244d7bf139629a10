"""Uploaded and generated files kept in the database, so that every web and worker process reads
the same files whichever machine it runs on (decision 0023)."""
