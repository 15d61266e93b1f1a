"""Schema fragments several declared fields share."""

from __future__ import annotations

from generator.declare.parts import Schema, quantity, string

CIDR = string("An IPv4 or IPv6 CIDR.", pattern=r"^([0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}|[0-9a-fA-F:]+/[0-9]{1,3})$",
             **{"x-expected": "a CIDR such as 10.0.0.0/8"})

RESOURCE_LIST = {"type": "object", "description": "Resource name → quantity.",
                 "propertyNames": {"pattern": r"^(cpu|memory|ephemeral-storage|hugepages-[0-9A-Za-z]+)$",
                                   "x-expected": "cpu, memory, ephemeral-storage or hugepages-<size>"},
                 "additionalProperties": quantity("A quantity."),
                 "x-hint": "cpu, memory and ephemeral-storage here; GPUs go in the gpu block"}

INT_OR_PERCENT: Schema = {"type": ["integer", "string"], "pattern": r"^[0-9]+%$", "minimum": 0,
                          "x-expected": "a whole number or a percentage",
                          "x-hint": "a number of pods or a percentage such as 50%"}

TEXT: Schema = {"type": "string", "minLength": 1}  # any non-empty string
