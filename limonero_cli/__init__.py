"""limonero: cobranza por tratamientos para supervisores de cobranza."""

__version__ = "0.1.0"
