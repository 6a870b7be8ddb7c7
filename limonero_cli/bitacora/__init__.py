"""La bitácora SQLite de limonero: la única capa que abre ese archivo."""

from limonero_cli.bitacora.bitacora import Bitacora, ResultadoCarga
from limonero_cli.bitacora.esquema import VERSION_ESQUEMA

__all__ = ["Bitacora", "ResultadoCarga", "VERSION_ESQUEMA"]
