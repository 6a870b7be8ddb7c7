"""De una rejilla cruda a una tabla: fila de encabezados, fecha de corte, totales y filas vacías.

Las hojas de los supervisores traen títulos encima de la tabla, una «Fecha de
corte:» al lado, columnas sin encabezado, filas de TOTAL al final y filas vacías
con formato. Aquí se encuentra la tabla de verdad y se dice (en ``avisos``) qué
se dejó fuera.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorDatos, Problema
from limonero_cli.hojas.texto import TextosUnidos, textos_en_blanco

FILAS_BUSQUEDA_ENCABEZADO = 30
FILAS_BUSQUEDA_CORTE = 60

_ETIQUETA_CORTE = re.compile(
    r"^\s*(fecha\s*(de\s*|del\s*)?(corte|reporte|informe|proceso|generaci[oó]n)|corte(\s*al)?|cartera\s*al|al\s*corte)\b",
    re.IGNORECASE,
)
_TOTALES = re.compile(
    r"^\s*((gran\s*|sub\s*-?)?total(es)?(\s*general(es)?)?|suma(\s*total)?|totales?\s*generales?)\s*[:.]?\s*$",
    re.IGNORECASE,
)
_TIENE_LETRA = re.compile(r"[^\W\d_]")


def letra_columna(indice: int) -> str:
    """Letra de columna de Excel para un índice base 0 (0 → A, 27 → AB)."""
    letras = ""
    indice += 1
    while indice:
        indice, resto = divmod(indice - 1, 26)
        letras = chr(65 + resto) + letras
    return letras


@dataclass
class TablaLeida:
    """Una tabla encontrada en un archivo.

    ``datos``: encabezados originales (texto; los repetidos llevan «(columna X)») y
    valores crudos. ``filas``: número de fila original (base 1) de cada registro.
    ``columnas_hoja``: letra de columna original de cada encabezado.
    """

    datos: pd.DataFrame
    filas: list[int]
    hoja: str | None = None
    fecha_corte: dt.date | None = None
    avisos: list[Problema] = field(default_factory=list)
    archivo: str | None = None
    formato: str | None = None
    fecha1904: bool = False
    fila_encabezado: int | None = None
    columnas_hoja: dict[str, str] = field(default_factory=dict)
    encabezado_crudo: list = field(default_factory=list)
    """Los valores de la fila tomada como encabezados, tal como venían (para diagnosticar)."""


def _es_texto_de_encabezado(valor) -> bool:
    if not isinstance(valor, str):
        return False
    texto = valor.strip()
    if not texto or len(texto) > 80 or not _TIENE_LETRA.search(texto):
        return False
    return True


def puntaje_encabezado(fila: list, conocidos: set[str] | None = None) -> int:
    """Cuántas celdas de ``fila`` parecen encabezados (texto con letras); los nombres conocidos valen más.

    Cada texto cuenta una vez: los encabezados de una tabla son distintos entre sí, y una fila de datos que
    repite «no», «no», «no» (un catálogo, columnas de sí/no) no debe ganarle a la fila de nombres.
    """
    from limonero_cli.hojas.encabezados import normalizar_encabezado

    puntaje = 0
    vistos = set()
    for valor in fila:
        if _es_texto_de_encabezado(valor):
            normalizado = normalizar_encabezado(valor)
            if normalizado in vistos:
                continue
            vistos.add(normalizado)
            puntaje += 1
            if conocidos and normalizado in conocidos:
                puntaje += 2
    return puntaje


def _vacia(valor) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip()) or (isinstance(valor, float) and np.isnan(valor))


def _como_fecha(valor, fecha1904: bool) -> dt.date | None:
    if isinstance(valor, dt.datetime):
        return valor.date()
    if isinstance(valor, dt.date):
        return valor
    from limonero_cli.hojas.valores import a_fecha

    serie, _ = a_fecha(pd.Series([valor], dtype=object), dia_primero=True, fecha1904=fecha1904)
    if pd.isna(serie.iloc[0]):
        return None
    return serie.iloc[0].date()


def buscar_fecha_corte(filas: list[list], fecha1904: bool = False) -> tuple[dt.date | None, list[tuple[int, int]]]:
    """Busca una etiqueta «Fecha de corte:» con una fecha a su derecha o debajo.

    Devuelve la fecha y las celdas (fila, columna) de la etiqueta y el valor, para vaciarlas.
    """
    for i, fila in enumerate(filas[:FILAS_BUSQUEDA_CORTE]):
        for j, valor in enumerate(fila):
            if not isinstance(valor, str) or not _ETIQUETA_CORTE.match(valor):
                continue
            llenas = sum(not _vacia(v) for v in fila)
            if not (valor.strip().endswith(":") or llenas <= 4):
                continue
            candidatos = [(i, k) for k in range(j + 1, min(j + 4, len(fila)))]
            if i + 1 < len(filas) and j < len(filas[i + 1]):
                candidatos.append((i + 1, j))
            for ci, cj in candidatos:
                celda = filas[ci][cj]
                if _vacia(celda):
                    continue
                fecha = _como_fecha(celda, fecha1904)
                if fecha is not None:
                    return fecha, [(i, j), (ci, cj)]
                break
            # Una etiqueta con la fecha dentro del mismo texto: «Fecha de corte: 15/03/2024».
            resto = valor.split(":", 1)[1].strip() if ":" in valor else ""
            if resto:
                fecha = _como_fecha(resto, fecha1904)
                if fecha is not None:
                    return fecha, [(i, j)]
    return None, []


def construir_tabla(
    filas: list[list],
    archivo: str,
    hoja: str | None = None,
    encabezados: list[str] | None = None,
    fila0: int = 0,
    columna0: int = 0,
    fecha1904: bool = False,
    conocidos: set[str] | None = None,
    resto: pd.DataFrame | None = None,
) -> TablaLeida:
    """Encuentra la tabla dentro de ``filas`` (rejilla cruda) y la devuelve como ``TablaLeida``.

    ``resto`` (opcional) son filas que siguen a ``filas``, ya por columnas (``0..n-1``) y con
    las celdas vacías como ``None`` (así las entrega la lectura rápida de texto); ``filas``
    debe traer entonces al menos las filas donde se buscan encabezados y fecha de corte.
    """
    avisos: list[Problema] = []
    filas = [list(fila) for fila in filas[: FILAS_BUSQUEDA_CORTE + 1]] + filas[FILAS_BUSQUEDA_CORTE + 1 :]
    fecha_corte, celdas_corte = buscar_fecha_corte(filas, fecha1904)
    for i, j in celdas_corte:
        filas[i][j] = None

    if encabezados is not None:
        indice_encabezado = -1
        nombres = [str(nombre) for nombre in encabezados]
    else:
        if conocidos is None:
            from limonero_cli.hojas.encabezados import nombres_conocidos

            conocidos = nombres_conocidos()
        puntajes = [puntaje_encabezado(fila, conocidos) for fila in filas[:FILAS_BUSQUEDA_ENCABEZADO]]
        if not puntajes or max(puntajes) == 0:
            raise ErrorDatos(
                f"{_lugar(archivo, hoja)}: no se encontró una fila de encabezados (nombres de columna) en las "
                f"primeras {FILAS_BUSQUEDA_ENCABEZADO} filas.",
                "Agregue una fila con los nombres de las columnas encima de los datos.",
            )
        indice_encabezado = int(np.argmax(puntajes))
        nombres = [
            str(valor).strip() if _es_texto_de_encabezado(valor) or isinstance(valor, (int, float)) and not _vacia(valor) else ""
            for valor in filas[indice_encabezado]
        ]
        nombres = [n if n else "" for n in nombres]
    cuerpo = filas[indice_encabezado + 1 :]
    marco = _marco_del_cuerpo(cuerpo, resto)
    numeros = np.arange(indice_encabezado + 1, indice_encabezado + 1 + len(marco)) + fila0 + 1
    if marco.shape[1] < len(nombres):
        for j in range(marco.shape[1], len(nombres)):
            marco[j] = None

    if encabezados is not None and marco.shape[1] > len(nombres):
        sobrantes = marco.iloc[:, len(nombres) :].notna().any(axis=1)
        if sobrantes.any():
            avisos.append(
                Problema(
                    f"{int(sobrantes.sum())} filas traen más columnas que las {len(nombres)} indicadas; "
                    "las de más se ignoran",
                    archivo=archivo,
                    hoja=hoja,
                    gravedad="aviso",
                )
            )

    # Columnas: las que tienen encabezado; las sin encabezado con datos se avisan.
    elegidas: list[int] = []
    etiquetas: list[str] = []
    vistos: dict[str, str] = {}
    columnas_hoja: dict[str, str] = {}
    for j in range(min(len(nombres), max(marco.shape[1], len(nombres)))):
        nombre = nombres[j] if j < len(nombres) else ""
        letra = letra_columna(j + columna0)
        if not nombre:
            if j < marco.shape[1] and marco[j].notna().any():
                avisos.append(
                    Problema(
                        "la columna no tiene encabezado y se ignora; póngale un nombre si la necesita",
                        archivo=archivo,
                        hoja=hoja,
                        fila=(indice_encabezado + fila0 + 1) if indice_encabezado >= 0 else None,
                        columna=letra,
                        gravedad="aviso",
                    )
                )
            continue
        etiqueta = nombre
        if nombre in vistos:
            etiqueta = f"{nombre} (columna {letra})"
        vistos.setdefault(nombre, letra)
        elegidas.append(j)
        etiquetas.append(etiqueta)
        columnas_hoja[etiqueta] = letra
    for j in range(len(nombres), marco.shape[1]):
        if encabezados is None and marco[j].notna().any():
            avisos.append(
                Problema(
                    "la columna tiene datos pero no tiene encabezado y se ignora; póngale un nombre si la necesita",
                    archivo=archivo,
                    hoja=hoja,
                    columna=letra_columna(j + columna0),
                    gravedad="aviso",
                )
            )
    datos = marco[elegidas] if elegidas else pd.DataFrame(index=marco.index)
    datos.columns = etiquetas

    # Filas vacías fuera, sin aviso (son ruido de formato).
    if len(datos):
        # columna por columna hasta que todas las filas tengan algún dato (casi siempre, la primera basta)
        llenas = np.zeros(len(datos), dtype=bool)
        for j in range(datos.shape[1]):
            llenas |= datos.iloc[:, j].notna().to_numpy()
            if llenas.all():
                break
        if not llenas.all():
            datos = datos.loc[llenas]
            numeros = numeros[llenas]

    # Filas de totales: una celda de texto «TOTAL»/«Totales»/«Suma» en las primeras columnas.
    if len(datos):
        es_total = np.zeros(len(datos), dtype=bool)
        for etiqueta in datos.columns[:4]:
            es_total |= _celdas_de_total(datos[etiqueta].to_numpy(dtype=object))
        if es_total.any():
            for numero in numeros[es_total]:
                avisos.append(
                    Problema(
                        "fila de totales: no es un registro y se deja fuera",
                        archivo=archivo,
                        hoja=hoja,
                        fila=int(numero),
                        gravedad="aviso",
                    )
                )
            datos = datos.loc[~es_total]
            numeros = numeros[~es_total]
    datos = datos.reset_index(drop=True)
    return TablaLeida(
        datos=datos,
        filas=[int(n) for n in numeros],
        hoja=hoja,
        fecha_corte=fecha_corte,
        avisos=avisos,
        archivo=archivo,
        fecha1904=fecha1904,
        fila_encabezado=(indice_encabezado + fila0 + 1) if indice_encabezado >= 0 else None,
        columnas_hoja=columnas_hoja,
        encabezado_crudo=list(filas[indice_encabezado]) if indice_encabezado >= 0 else [],
    )


_QUIZA_TOTAL = re.compile(r"(?i)total|suma")


def _celdas_de_total(arreglo: np.ndarray) -> np.ndarray:
    """Máscara de las celdas que dicen «TOTAL», «Totales», «Suma»…; el patrón fino solo se prueba donde
    una búsqueda sobre la columna entera encontró «total» o «suma»."""
    es_texto = _mascara_textos(arreglo)
    posiciones = np.flatnonzero(es_texto)
    resultado = np.zeros(len(arreglo), dtype=bool)
    if not len(posiciones):
        return resultado
    unidos = TextosUnidos(arreglo[posiciones])
    if not unidos.valido:
        candidatas = np.ones(len(posiciones), dtype=bool)
    elif not _dice_total_o_suma(unidos.unido):
        return resultado
    else:
        candidatas = unidos.marcar(_QUIZA_TOTAL)
    for k in posiciones[candidatas]:
        valor = arreglo[k]
        resultado[k] = len(valor) < 40 and _TOTALES.match(valor) is not None
    return resultado


def _dice_total_o_suma(texto: str) -> bool:
    """``"total" in texto.lower() or "suma" in texto.lower()``, sin pasar a minúsculas un texto con tildes
    (lento): solo una letra ASCII mayúscula pasa a minúscula como t, o, a, l, s, u o m, y en UTF-8 los
    caracteres no ASCII son bytes ≥ 0x80, así que basta con las minúsculas ASCII de sus bytes."""
    if texto.isascii():
        minusculas = texto.lower()
        return "total" in minusculas or "suma" in minusculas
    minusculas = texto.encode("utf-8", "surrogatepass").lower()
    return b"total" in minusculas or b"suma" in minusculas


def _mascara_textos(arreglo: np.ndarray) -> np.ndarray:
    """Máscara de los valores ``str`` de un arreglo de objetos (rápida si la columna es toda texto)."""
    clase = pd.api.types.infer_dtype(arreglo, skipna=True)
    if clase == "string":
        return ~pd.isna(arreglo)
    if clase in ("floating", "integer", "mixed-integer-float", "datetime", "date", "boolean", "empty", "decimal"):
        return np.zeros(len(arreglo), dtype=bool)
    return np.fromiter((isinstance(v, str) for v in arreglo), dtype=bool, count=len(arreglo))


def _marco_del_cuerpo(cuerpo: list[list], resto: pd.DataFrame | None) -> pd.DataFrame:
    """El cuerpo de la tabla como DataFrame de objetos, armado por columnas; celdas vacías → ``None``.

    Vacías son ``None``, NaN, ``''`` y los textos de solo espacios. ``resto`` ya viene limpio.
    """
    ancho = max((len(fila) for fila in cuerpo), default=0)
    if resto is not None:
        ancho = max(ancho, resto.shape[1])
    if cuerpo and any(len(fila) != ancho for fila in cuerpo):
        cuerpo = [fila if len(fila) == ancho else list(fila) + [None] * (ancho - len(fila)) for fila in cuerpo]
    columnas = {}
    # Las filas en una matriz de objetos de una vez (numpy copia las celdas en C; tres veces más rápido
    # que transponer con zip) y de ahí cada columna.
    matriz = np.empty((len(cuerpo), ancho), dtype=object)
    if cuerpo:
        matriz[:] = cuerpo
    for j in range(ancho):
        arreglo = matriz[:, j].copy()
        vacias = pd.isna(arreglo)
        clase = pd.api.types.infer_dtype(arreglo, skipna=True)
        if clase not in ("floating", "integer", "mixed-integer-float", "datetime", "date", "boolean", "empty"):
            vacias = vacias | (arreglo == "")
            es_texto = _mascara_textos(arreglo) & ~vacias
            posiciones = np.flatnonzero(es_texto)
            if len(posiciones):
                vacias[posiciones[textos_en_blanco(arreglo[posiciones])]] = True
        if vacias.any():
            arreglo[vacias] = None
        if resto is not None:
            cola = resto[j].to_numpy(dtype=object) if j in resto.columns else np.full(len(resto), None, dtype=object)
            arreglo = np.concatenate([arreglo, cola])
        columnas[j] = arreglo
    if not columnas:
        return pd.DataFrame(index=range(len(cuerpo) + (len(resto) if resto is not None else 0)), dtype=object)
    return pd.DataFrame(columnas, dtype=object)


_DATO_NUMERICO = re.compile(r"^[\s$€(+-]*(?:[A-Za-z]{1,3}[/.$]?\s*)?[\d][\d\s.,'/:-]*\)?$")
_CORREO = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_NOMBRE_CON_COMA = re.compile(r"^[^\W\d_][^\d,]*,\s*[^\W\d_][^\d,]*$")


def parece_fila_de_datos(fila: list) -> bool:
    """True si una fila tomada como encabezados parece un registro: sobre todo números, montos,
    ids, fechas, correos o un nombre con coma («Pérez, Ana»), que nunca son nombres de columna.

    >>> parece_fila_de_datos(["Apellido00, Nombre00", "32200724", "  18.415.980,52 "])
    True
    >>> parece_fila_de_datos(["cuenta", "dias_mora", "saldo"])
    False
    """
    llenas = [v for v in fila if not _vacia(v)]
    if not llenas:
        return False
    datos = 0
    for valor in llenas:
        if isinstance(valor, (int, float, dt.date)) and not isinstance(valor, bool):
            datos += 1
            continue
        texto = str(valor).strip()
        if _DATO_NUMERICO.match(texto) or _CORREO.match(texto) or _NOMBRE_CON_COMA.match(texto):
            datos += 1
    return datos * 2 > len(llenas)


def _lugar(archivo: str, hoja: str | None) -> str:
    return f"{archivo}, hoja «{hoja}»" if hoja else archivo
