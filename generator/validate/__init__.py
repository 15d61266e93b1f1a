"""Check a generated tree as the cluster would: Helm render and lint, schemas, rules, admission."""
