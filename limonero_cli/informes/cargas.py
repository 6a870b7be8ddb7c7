"""El informe de una carga: filas leídas = cargadas + duplicadas + rechazadas + sin gestión."""

from __future__ import annotations

from pathlib import Path

from limonero_cli.informes.terminal import TablaInforme


def tabla_cargas(resultados, que: str) -> TablaInforme:
    """Una fila por archivo y una de total, con las cuentas que cuadran."""
    filas = []
    total = [0, 0, 0, 0, 0]
    for ruta, resultado, _ in resultados:
        cifras = [resultado.leidas, resultado.cargadas, resultado.duplicadas, resultado.rechazadas, resultado.sin_gestion]
        filas.append([Path(ruta).name, *cifras])
        total = [a + b for a, b in zip(total, cifras)]
    if len(filas) > 1:
        filas.append(["Total", *total])
    return TablaInforme(
        f"Carga de {que}",
        encabezado=["archivo", "leídas", "cargadas", "duplicadas", "rechazadas", "sin gestión"],
        filas=filas,
    )
