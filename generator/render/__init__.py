"""Catalog → chart and Application files in memory: values, templates, serving modes."""
