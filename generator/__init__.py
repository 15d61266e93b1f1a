"""infergen: catalog.yaml → validated Helm charts and Argo CD Applications."""

__version__ = "0.1.0"
