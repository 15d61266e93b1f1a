"""TorchServe stage: .mar packaging, KServe config.properties, local serve."""
