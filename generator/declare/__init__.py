"""Field declarations: the schema builders and ``knob``, below the spec so spec dataclasses use them."""
