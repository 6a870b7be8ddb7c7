"""Tablas para la terminal con rich (sin interpretar marcas: ``[Etapa 1]`` se ve tal cual)."""

from __future__ import annotations

from dataclasses import dataclass, field

from limonero_cli.informes.formato import decimal, entero


@dataclass(frozen=True)
class TablaInforme:
    """Una tabla de un informe: título, encabezado opcional y filas de valores."""

    titulo: str
    filas: list[list] = field(default_factory=list)
    encabezado: list[str] | None = None


def celda(valor) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, int):
        return entero(valor)
    if isinstance(valor, float):
        return entero(valor) if float(valor).is_integer() or abs(valor) >= 1000 else decimal(valor)
    return str(valor)


def mostrar_tablas(consola, tablas: list[TablaInforme]) -> None:
    """Muestra cada tabla con rich; columnas numéricas alineadas a la derecha."""
    from rich.table import Table
    from rich.text import Text

    for tabla_informe in tablas:
        filas = tabla_informe.filas
        encabezado = tabla_informe.encabezado
        ancho = max([len(f) for f in filas] + [len(encabezado or [])])
        tabla = Table(
            title=Text(tabla_informe.titulo, style="bold"), title_justify="left", show_header=encabezado is not None
        )
        for j in range(ancho):
            nombre = encabezado[j] if encabezado and j < len(encabezado) else ""
            numerica = any(
                j < len(f) and isinstance(f[j], (int, float)) and not isinstance(f[j], bool) for f in filas
            )
            tabla.add_column(Text(nombre), justify="right" if numerica else "left")
        for fila in filas:
            tabla.add_row(*[Text(celda(v)) for v in fila], *[Text("")] * (ancho - len(fila)))
        consola.print(tabla)
