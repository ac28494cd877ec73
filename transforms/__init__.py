"""One module per pipeline stage; each exposes a composite PTransform."""
