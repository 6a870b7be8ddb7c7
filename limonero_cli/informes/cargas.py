"""El informe de una carga: filas leídas = cargadas + duplicadas + rechazadas + sin gestión."""

from __future__ import annotations

from pathlib import Path

from limonero_cli.informes.terminal import TablaInforme


def tabla_cargas(resultados, que: str) -> TablaInforme:
    """Una fila por archivo y una de total, con las cuentas que cuadran.

    «sin gestión» (filas de una lista que nadie tipificó) solo existe para las tipificaciones.
    """
    con_sin_gestion = que == "tipificaciones"
    filas = []
    total = None
    for ruta, resultado, _ in resultados:
        cifras = [resultado.leidas, resultado.cargadas, resultado.duplicadas, resultado.rechazadas]
        if con_sin_gestion:
            cifras.append(resultado.sin_gestion)
        filas.append([Path(ruta).name, *cifras])
        total = cifras if total is None else [a + b for a, b in zip(total, cifras)]
    if len(filas) > 1:
        filas.append(["Total", *total])
    encabezado = ["archivo", "leídas", "cargadas", "duplic.", "rechaz."] + (["sin gestión"] if con_sin_gestion else [])
    return TablaInforme(f"Carga de {que}", encabezado=encabezado, filas=filas)
