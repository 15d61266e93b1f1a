"""Write, stage, commit and check the generated tree on disk, atomically and under a lock."""
