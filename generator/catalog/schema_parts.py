"""The schema builders, re-exported: they live in :mod:`generator.declare.parts` so that spec
declarations (below the catalog layer) can build their fields' schemas."""

from generator.declare.parts import (
    ABS_PATH,
    DNS1035_LABEL,
    DNS_LABEL,
    DURATION,
    LABEL_KEY,
    LABEL_VALUE,
    PORT_NAME,
    QUANTITY,
    QUANTITY_HINT,
    REL_PATH,
    Schema,
    abs_path,
    annotation_map,
    boolean,
    dns_label,
    duration,
    enum,
    integer,
    obj,
    quantity,
    rel_path,
    string,
    string_list,
    string_map,
)

__all__ = ["ABS_PATH", "DNS1035_LABEL", "DNS_LABEL", "DURATION", "LABEL_KEY", "LABEL_VALUE", "PORT_NAME", "QUANTITY",
           "QUANTITY_HINT", "REL_PATH", "Schema", "abs_path", "annotation_map", "boolean", "dns_label", "duration",
           "enum", "integer", "obj", "quantity", "rel_path", "string", "string_list", "string_map"]
