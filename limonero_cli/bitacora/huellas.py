"""Huellas de la bitácora: de cada fila (su contenido) y de cada archivo (sus bytes).

**Huella de una fila.** Un entero de 64 bits con signo (lo que guarda una columna INTEGER de
SQLite) que resume los valores normalizados de la fila, columna por columna:

1. cada valor distinto de una columna se resume una vez a partir de su texto normalizado (un
   vacío tiene su propio resumen): los textos cortos con aritmética de numpy sobre sus caracteres,
   los largos con los 8 primeros bytes de BLAKE2b; casi todo el trabajo es ``pd.factorize`` y
   operaciones vectoriales;
2. los resúmenes de las columnas se combinan en orden con una mezcla biyectiva de 64 bits
   (la de *splitmix64*): columnas distintas o en otro orden dan otra huella;
3. la segunda, tercera... fila idéntica de una misma carga (dos pagos iguales el mismo día) es
   otro hecho: se mezcla su número de repetición.

Probabilidad de choque: con huellas de 64 bits bien repartidas, que dos filas distintas
cualesquiera de una bitácora de *n* filas compartan huella tiene probabilidad de alrededor de
n² / 2⁶⁵: 7·10⁻⁷ con 5 millones de filas, 3·10⁻⁵ con 30 millones. Un choque haría que una fila
nueva se tome por repetida (se contaría como duplicada y no se cargaría); nunca corrompe la
bitácora.

**Huella de un archivo.** BLAKE2b de sus bytes (leídos por partes), más el contexto que cambia
cómo se leen (tipo de carga, catálogo, día primero, versión de limonero): el mismo archivo con
otro catálogo se vuelve a leer, porque podría validarse distinto.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

_MASCARA = (1 << 64) - 1
_VACIO = "\x00vacio"
_BLOQUE = 1 << 20

#: Largo máximo (caracteres) de los textos que se resumen con numpy en vez de BLAKE2b.
LARGO_VECTORIAL = 48


def _resumen(texto: str) -> int:
    """Los 8 primeros bytes de BLAKE2b del texto, como entero sin signo."""
    return int.from_bytes(hashlib.blake2b(texto.encode("utf-8"), digest_size=8).digest(), "little")


def _mezclar(x: np.ndarray) -> np.ndarray:
    """Mezcla biyectiva de 64 bits (el final de *splitmix64*) sobre un arreglo ``uint64``."""
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def texto_normalizado(valor) -> str:
    """El texto con que un valor normalizado entra en la huella (``None`` → un marcador de vacío)."""
    if valor is None or (isinstance(valor, float) and valor != valor):
        return _VACIO
    return str(valor)


def _resumenes_vectoriales(textos: list[str], largo: int) -> np.ndarray:
    """Resumen de textos cortos con numpy: sus caracteres (UTF-32) en bloques de 64 bits, mezclados en orden.

    Equivale en calidad a un resumen criptográfico truncado para datos que no son adversarios
    (cada bloque pasa por la mezcla biyectiva), y es decenas de veces más rápido que llamar a
    BLAKE2b por cada valor.
    """
    ancho = largo + (largo % 2)
    caracteres = np.array(textos, dtype=f"<U{ancho}").view(np.uint32).reshape(len(textos), ancho)
    bloques = caracteres.view(np.uint64)  # dos caracteres por bloque
    largos = np.fromiter(map(len, textos), dtype=np.int64, count=len(textos))
    resumen = _mezclar(largos.astype(np.uint64))
    for k in range(bloques.shape[1]):
        # Solo los bloques del propio texto: el resultado no depende del ancho del lote.
        resumen = np.where(2 * k < largos, _mezclar(resumen ^ bloques[:, k]), resumen)
    return resumen


def resumen_de_columna(valores: pd.Series) -> np.ndarray:
    """Resumen (``uint64``) de cada valor de una columna ya normalizada (textos, montos o ``None``).

    Se resume cada valor distinto una sola vez. Los textos cortos (hasta
    :data:`LARGO_VECTORIAL` caracteres: cuentas, fechas, códigos, asesores, montos) se resumen con
    numpy; los largos (comentarios), con los 8 primeros bytes de BLAKE2b.
    """
    posiciones, distintos = pd.factorize(valores, use_na_sentinel=True)
    textos = [texto_normalizado(v) for v in distintos.tolist()]
    # El método depende solo del largo de cada valor (no de sus vecinos): la misma fila da la
    # misma huella en cualquier archivo.
    largos = np.fromiter(map(len, textos), dtype=np.int64, count=len(textos))
    cortos = largos <= LARGO_VECTORIAL
    resumenes = np.zeros(len(textos), dtype=np.uint64)
    if cortos.any():
        elegidos = [t for t, corto in zip(textos, cortos.tolist()) if corto]
        resumenes[cortos] = _resumenes_vectoriales(elegidos, int(largos[cortos].max()))
    if not cortos.all():
        resumenes[~cortos] = np.fromiter((_resumen(t) for t, corto in zip(textos, cortos.tolist()) if not corto),
                                         dtype=np.uint64, count=int((~cortos).sum()))
    resumenes = np.append(resumenes, np.uint64(_resumen(_VACIO)))
    return resumenes[posiciones]  # la posición -1 (vacío) toma el último: el del vacío


def huellas_de_filas(tabla: pd.DataFrame, repeticiones: bool = True) -> np.ndarray:
    """Huella (``int64``) de cada fila de ``tabla`` (columnas ya normalizadas), en el orden de las filas.

    Con ``repeticiones=False`` no se numeran las filas idénticas (todas llevan la huella de la primera).

    >>> t = pd.DataFrame({"a": ["1", "1", "2"], "b": [None, None, "x"]})
    >>> h = huellas_de_filas(t)
    >>> bool(h[0] != h[1]), bool(h[1] != h[2])   # la fila repetida es otro hecho
    (True, True)
    """
    base = np.zeros(len(tabla), dtype=np.uint64)
    for columna in tabla.columns:
        base = _mezclar(base ^ resumen_de_columna(tabla[columna]))
    if not repeticiones:
        return base.view(np.int64)
    repeticion = pd.Series(base).groupby(base, sort=False).cumcount().to_numpy(dtype=np.uint64)
    return combinar_repeticion(base, repeticion)


def combinar_repeticion(base: np.ndarray, repeticion: np.ndarray) -> np.ndarray:
    """Huella final (``int64``) de cada fila: la base si es la primera vez, otra si es una repetición."""
    base = np.asarray(base, dtype=np.uint64)
    repeticion = np.asarray(repeticion, dtype=np.uint64)
    with np.errstate(over="ignore"):
        repetida = _mezclar(base ^ (repeticion * np.uint64(0xD6E8FEB86659FD93)))
    return np.where(repeticion == 0, base, repetida).view(np.int64)


def huella_de_contenido(huellas: np.ndarray) -> str:
    """Huella de un archivo según sus filas (no depende del nombre ni del orden de las filas)."""
    ordenadas = np.sort(np.asarray(huellas, dtype=np.int64))
    return hashlib.blake2b(ordenadas.tobytes(), digest_size=16).hexdigest()


def huella_de_archivo(ruta: Path, contexto: str = "") -> str:
    """BLAKE2b de los bytes del archivo (leído por partes, sin cargarlo entero) y del ``contexto``.

    El contexto (tipo de carga, catálogo, opciones de lectura) va primero: el mismo archivo
    leído con otras reglas tiene otra huella.
    """
    resumen = hashlib.blake2b(digest_size=20)
    resumen.update(contexto.encode("utf-8") + b"\x00")
    with open(ruta, "rb") as archivo:
        while bloque := archivo.read(_BLOQUE):
            resumen.update(bloque)
    return resumen.hexdigest()
