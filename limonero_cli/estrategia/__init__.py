"""El libro de estrategia: modelo, pruebas DMN, estrategia por defecto, carga y validación.

No abre archivos: ``limonero_cli.hojas.estrategia_xlsx`` lee y escribe el libro.
"""

from limonero_cli.estrategia.cargar import estrategia_desde_hojas, estrategia_por_defecto, validar_hojas
from limonero_cli.estrategia.defecto import hojas_por_defecto
from limonero_cli.estrategia.modelo import NIVELES, Estrategia

__all__ = [
    "NIVELES",
    "Estrategia",
    "estrategia_desde_hojas",
    "estrategia_por_defecto",
    "hojas_por_defecto",
    "validar_hojas",
]
