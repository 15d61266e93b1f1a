"""``infergen diff --summary``: what a catalog change does to each model, for pull-request review.

:mod:`.base` renders the two sides (a base revision and the catalog now), :mod:`.facts` reads
semantic facts (GPU, replicas, hosts, traffic, image...) off each model's rendered resources,
:mod:`.compare` pairs them per (model, environment), and :mod:`.markdown`/:mod:`.text` print them.
"""
