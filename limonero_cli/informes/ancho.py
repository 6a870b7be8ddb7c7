"""Tablas de terminal que caben en el ancho de la consola (80 columnas) sin cortar números.

Reglas: una columna numérica (sus celdas son números o textos cortos con cifras) va a la
derecha, sin partir y con ancho mínimo = su celda más larga, así que un número nunca lleva «…»;
los encabezados largos se parten en líneas; si aun así la tabla no cabe, se parte en varias
tablas que repiten la primera columna (la etiqueta de cada fila).
"""

from __future__ import annotations

import re

from limonero_cli.informes.terminal import TablaInforme, celda

ANCHO_POR_DEFECTO = 80
_CIFRA = re.compile(r"\d")
_SOLO_NUMERO = re.compile(r"^[-+\d.,\s%—]*(mil M|mil|M|%)?$")


def partir_encabezado(texto: str, ancho: int) -> str:
    """Parte ``texto`` en líneas de a lo sumo ``ancho`` (sin cortar palabras; corta tras «–»)."""
    # «5,5 M» y «150 mil» no se separan de su unidad.
    palabras = [p.replace("\u00a0", " ") for p in
                texto.replace(" M", "\u00a0M").replace(" mil", "\u00a0mil").replace("–", "– ").split()]
    lineas: list[str] = []
    for palabra in palabras:
        if lineas and len(lineas[-1]) + (0 if lineas[-1].endswith("–") else 1) + len(palabra) <= ancho:
            lineas[-1] += palabra if lineas[-1].endswith("–") else " " + palabra
        else:
            lineas.append(palabra)
    return "\n".join(lineas)


def es_numerica(valores: list) -> bool:
    """Una columna es numérica si todas sus celdas con algo son números o textos cortos con cifras."""
    llenas = [v for v in valores if v not in (None, "", "—")]
    if not llenas:
        return False
    return all(
        (isinstance(v, (int, float)) and not isinstance(v, bool)) or (isinstance(v, str) and len(v) <= 14
                                                                      and _CIFRA.search(v) is not None)
        or v == "sin límite"
        for v in llenas
    )


def _medidas(encabezado: list[str], filas: list[list[str]], numericas: list[bool]) -> list[tuple[int, str]]:
    """(ancho mínimo, encabezado partido) de cada columna."""
    medidas = []
    for j, nombre in enumerate(encabezado):
        textos = [f[j] for f in filas if j < len(f)]
        if numericas[j]:
            ancho = max([len(t) for t in textos] + [4])
            encabezado_partido = partir_encabezado(nombre, max(ancho, 8))
            ancho = max([ancho] + [len(linea) for linea in encabezado_partido.split("\n")])
        else:
            palabras = [len(p) for t in textos + [nombre] for p in str(t).split()]
            ancho = min(max(palabras + [4]), 14)
            encabezado_partido = partir_encabezado(nombre, max(ancho, 8))
        medidas.append((ancho, encabezado_partido))
    return medidas


def grupos_de_columnas(anchos: list[int], ancho_total: int, fijas: int = 1, costo: int = 3) -> list[list[int]]:
    """Columnas de cada tabla parcial: la(s) ``fijas`` primeras en todas, el resto mientras quepa.

    ``costo`` = bordes y relleno por columna (3 en una tabla con bordes: «│ x »).
    """
    base = sum(a + costo for a in anchos[:fijas]) + 1
    grupos: list[list[int]] = []
    actual: list[int] = []
    usado = base
    for j in range(fijas, len(anchos)):
        if actual and usado + anchos[j] + costo > ancho_total:
            grupos.append(actual)
            actual, usado = [], base
        actual.append(j)
        usado += anchos[j] + costo
    if actual or not grupos:
        grupos.append(actual)
    return [list(range(fijas)) + g for g in grupos]


def tablas_ajustadas(tabla: TablaInforme, ancho_total: int = ANCHO_POR_DEFECTO, nota: str | None = None,
                     fijas: int = 1) -> list:
    """La ``TablaInforme`` como uno o más grupos rich (título, tabla, nota) que caben en ``ancho_total``."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    filas = tabla.filas
    ancho = max([len(f) for f in filas] + [len(tabla.encabezado or [])])
    encabezado = list(tabla.encabezado or []) + [""] * (ancho - len(tabla.encabezado or []))
    textos = [[celda(v) for v in f] + [""] * (ancho - len(f)) for f in filas]
    numericas = [es_numerica([f[j] if j < len(f) else None for f in filas]) for j in range(ancho)]
    medidas = _medidas(encabezado, textos, numericas)
    grupos = grupos_de_columnas([m[0] for m in medidas], ancho_total, min(fijas, ancho))
    salida = []
    for n, columnas in enumerate(grupos, start=1):
        titulo = tabla.titulo if len(grupos) == 1 else f"{tabla.titulo} ({n} de {len(grupos)})"
        rich = Table(show_header=tabla.encabezado is not None)
        for j in columnas:
            minimo, nombre = medidas[j]
            if numericas[j]:
                derecha = all(_SOLO_NUMERO.match(f[j]) or f[j] == "sin límite" for f in textos)
                rich.add_column(Text(nombre), justify="right" if derecha else "left", no_wrap=True,
                                min_width=minimo)
            else:
                rich.add_column(Text(nombre), overflow="fold", min_width=minimo)
        for fila in textos:
            rich.add_row(*[Text(fila[j]) for j in columnas])
        # El título y la nota van fuera de la tabla: usan todo el ancho de la consola.
        partes = [Text(titulo, style="bold"), rich]
        if nota and n == len(grupos):
            partes.append(Text(nota))
        salida.append(Group(*partes))
    return salida


def mostrar_ajustadas(consola, tablas: list[TablaInforme], notas: dict[int, str] | None = None) -> None:
    """Muestra cada tabla ajustada al ancho de ``consola`` (``notas``: posición → texto al pie)."""
    for i, tabla in enumerate(tablas):
        for rich in tablas_ajustadas(tabla, consola.width, (notas or {}).get(i)):
            consola.print(rich)
