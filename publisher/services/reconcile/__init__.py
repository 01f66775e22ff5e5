"""The reconciler: re-send lost work on evidence (``rules``), and the loop
``tarjima reconcile`` runs (``loop``)."""
