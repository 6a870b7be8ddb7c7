"""Conversores por columna: montos en español, fechas, ids y teléfonos como texto.

Cada conversor recibe una columna cruda (valores ``str``, números, fechas o
``None``) y devuelve la columna tipada y una lista de ``NotaValor`` (índice,
mensaje, gravedad). ``error``: el valor no se pudo usar y queda vacío;
``aviso``: se leyó, pero con una duda que el usuario debe conocer.

Las decisiones se toman por columna, no por celda: si algún valor de la columna
prueba que la fecha va con el día primero (``13/04/2024``), toda la columna se
lee así; si la columna escribe ``1.234,56``, un ``1.500`` es mil quinientos.
Los valores ya numéricos van por un camino vectorizado; las expresiones
regulares solo se aplican a los textos.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Hashable

import numpy as np
import pandas as pd

from limonero_cli.hojas.texto import TextosUnidos, marcar_textos

# Excel guarda 15 cifras significativas; float64 es exacto hasta 2**53.
LIMITE_EXACTO = 2**53
LIMITE_EXCEL = 10**15


@dataclass(frozen=True)
class NotaValor:
    """Un problema con un valor: ``indice`` de la serie, mensaje en español y gravedad."""

    indice: Hashable
    mensaje: str
    gravedad: str = "error"


def _tipos(serie: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Máscaras (texto, número, vacío) de una columna cruda. Texto en blanco cuenta como vacío."""
    crudos = serie.to_numpy(dtype=object)
    vacio = pd.isna(crudos)
    clase = pd.api.types.infer_dtype(crudos, skipna=True)
    if clase in ("string", "empty"):
        es_texto = ~vacio
        es_numero = np.zeros(len(crudos), dtype=bool)
    elif clase in ("floating", "integer", "mixed-integer-float", "decimal"):
        es_texto = np.zeros(len(crudos), dtype=bool)
        es_numero = ~vacio
    else:
        tipos = serie.map(type)
        es_texto = tipos.eq(str).to_numpy().copy()
        es_bool = tipos.isin([bool, np.bool_]).to_numpy()
        es_numero = tipos.isin([int, float, np.int64, np.float64, np.int32, np.float32]).to_numpy() & ~vacio & ~es_bool
    es_texto = np.asarray(es_texto, dtype=bool).copy()
    vacio = np.asarray(vacio, dtype=bool).copy()
    if es_texto.any():
        posiciones = np.flatnonzero(es_texto)
        textos = crudos[posiciones]
        en_blanco = (textos == "") | np.fromiter(map(str.isspace, textos), dtype=bool, count=len(textos))
        vacio[posiciones[en_blanco]] = True
        es_texto[posiciones[en_blanco]] = False
    return es_texto, np.asarray(es_numero, dtype=bool), vacio


def mostrar_valor(valor) -> str:
    """Un valor crudo tal como lo vería el usuario en su hoja (``30.0`` → ``30``)."""
    if isinstance(valor, str):
        return valor.strip()
    if isinstance(valor, (dt.datetime, pd.Timestamp)) and valor.hour == valor.minute == valor.second == 0:
        return valor.date().isoformat()
    if isinstance(valor, (float, np.floating)) and np.isfinite(valor) and float(valor).is_integer():
        return str(int(valor))
    return str(valor)


# ---------------------------------------------------------------- montos

_ESPACIOS = re.compile(r"[\s\u00a0\u202f\u2007]+")
_ESPACIOS_RAROS = re.compile(r"[\u00a0\u202f\u2007]")
_MONEDA = re.compile(
    r"(?i)(us\$|u\$s|r\$|s/\.?|\$|€|£|usd|mxn|cop|pen|clp|ars|eur|uyu|bob|pyg|gtq|crc|dop|hnl|nio|bs\.?)"
)
_NUMERO_LIMPIO = re.compile(r"^\d[\d.,']*$|^[.,]\d+$")
_VACIOS_TEXTO = {"-", "--", "n/a", "na", "n.a.", "nan", "null", "none", "s/d", "sin dato", "#n/a", "#n/d"}


def _evidencia(textos: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Máscaras (prueba coma decimal, prueba punto decimal) de cada texto de montos ya limpio."""
    es = (
        textos.str.contains(r"\d\.\d{3}\.\d{3}(?!\d)", regex=True)
        | textos.str.contains(r"\d\.\d{3},\d+$", regex=True)
        | textos.str.contains(r"^\d+,\d{1,2}$", regex=True)
        | textos.str.contains(r"^\d+,\d{4,}$", regex=True)
    )
    en = (
        textos.str.contains(r"\d,\d{3},\d{3}(?!\d)", regex=True)
        | textos.str.contains(r"\d,\d{3}\.\d+$", regex=True)
        | textos.str.contains(r"^\d+\.\d{1,2}$", regex=True)
        | textos.str.contains(r"^\d+\.\d{4,}$", regex=True)
    )
    return es.to_numpy(dtype=bool), en.to_numpy(dtype=bool)


def _evidencia_convencion(textos: pd.Series, pesos: np.ndarray | None = None, extra_en: int = 0) -> str:
    """``es`` (coma decimal, punto de miles) o ``en`` (punto decimal) según lo que prueba la columna.

    ``pesos``: cuántas veces aparece cada texto en la columna; ``extra_en``: filas que ya se
    sabe que prueban el punto decimal (las del camino rápido).
    """
    es, en = _evidencia(textos)
    pesos = np.ones(len(textos), dtype=np.int64) if pesos is None else pesos
    return "en" if int(pesos[en].sum()) + extra_en > int(pesos[es].sum()) else "es"


# Un monto «simple»: solo cifras, con a lo sumo un punto decimal que no deja exactamente
# 3 cifras detrás (``1.500`` depende de la columna) y sin más de 15 cifras seguidas.
# El patrón encuentra lo que NO es simple en los textos unidos por \x00.
# Son tres búsquedas, cada una con un primer carácter fijo (así cada búsqueda es rápida).
_MONTOS_NO_SIMPLES = (
    re.compile(r"[^0-9.\x00][^\x00]*"),
    re.compile(r"\.(?:[0-9]*\.|(?=\x00)|[0-9]{3}(?=\x00))"),
    re.compile(r"\x00(?:\.|(?=\x00)|[0-9]{16})"),
)


def _montos_no_simples(textos: np.ndarray) -> np.ndarray | None:
    unidos = TextosUnidos(textos)
    if not unidos.valido:
        return None
    mascara = np.zeros(len(textos), dtype=bool)
    for patron in _MONTOS_NO_SIMPLES:
        mascara |= unidos.marcar(patron)
    return mascara


def a_monto(serie: pd.Series, convencion: str | None = None) -> tuple[pd.Series, list[NotaValor]]:
    """Convierte una columna de montos a ``float64`` (NaN = vacío).

    Acepta ``1.234,56``, ``$ 12.345``, ``(2.500,00)`` (negativo), ``S/ 1.500``, ``-1.000,50``,
    espacios no separables, ``€``. ``1,234.56`` en una columna con coma decimal se lee
    1234.56 con un aviso. ``convencion`` (``es``/``en``) fuerza la lectura de ``1.500``.

    Los textos que ya son un número simple (``12345.67``, ``1234567``) se leen de una vez;
    los demás pasan por la lectura cuidadosa, con la evidencia de toda la columna.

    >>> a_monto(pd.Series(["1.234,56", "(2.500,00)", None]))[0].tolist()
    [1234.56, -2500.0, nan]
    """
    return _a_monto(serie, convencion, rapido=True)


def _a_monto(serie: pd.Series, convencion: str | None, rapido: bool) -> tuple[pd.Series, list[NotaValor]]:
    serie = pd.Series(serie, dtype=object) if not isinstance(serie, pd.Series) else serie
    resultado = np.full(len(serie), np.nan, dtype="float64")
    notas: list[NotaValor] = []
    if serie.dtype.kind in "fiu":
        return serie.astype("float64"), notas
    es_texto, es_numero, vacio = _tipos(serie)
    if es_numero.any():
        resultado[es_numero] = pd.to_numeric(serie[es_numero], errors="coerce").to_numpy(dtype="float64")
    otros = ~(es_texto | es_numero | vacio)
    for indice in serie.index[otros]:
        notas.append(NotaValor(indice, f"«{serie[indice]}» no es un monto"))
    if not es_texto.any():
        return pd.Series(resultado, index=serie.index, dtype="float64"), notas
    posiciones = np.flatnonzero(es_texto)
    textos = serie.to_numpy(dtype=object)[posiciones]
    lentos = _montos_no_simples(textos) if rapido else None
    if lentos is None:
        lentos = np.ones(len(posiciones), dtype=bool)
    extra_en = 0
    if not lentos.all():
        simples = textos[~lentos]
        # Cada monto simple con punto prueba el punto decimal (tiene 1, 2 o 4+ decimales).
        extra_en = "\x00".join(simples).count(".")
        resultado[posiciones[~lentos]] = _numeros_simples(simples, con_punto=extra_en > 0)
    if lentos.any():
        elegidas = posiciones[lentos]
        numeros, notas_texto = _montos_de_texto(serie.iloc[elegidas], convencion, extra_en, agrupar=rapido)
        resultado[elegidas] = numeros
        notas += notas_texto
    return pd.Series(resultado, index=serie.index, dtype="float64"), notas


def _montos_de_texto(
    crudos_serie: pd.Series, convencion: str | None, extra_en: int, agrupar: bool
) -> tuple[np.ndarray, list[NotaValor]]:
    """La lectura cuidadosa de montos escritos como texto: valores (NaN si no se pudo) y notas.

    Con ``agrupar`` cada texto distinto se lee una sola vez (la evidencia de la columna
    se cuenta con sus repeticiones) y el resultado se reparte a sus filas.
    """
    if agrupar:
        codigos, unicos = pd.factorize(crudos_serie.to_numpy(dtype=object))
        pesos = np.bincount(codigos, minlength=len(unicos))
        crudos = pd.Series(unicos, dtype=object).astype(str)
    else:
        codigos = np.arange(len(crudos_serie))
        pesos = np.ones(len(crudos_serie), dtype=np.int64)
        crudos = crudos_serie.reset_index(drop=True).astype(str)
    t = crudos.str.replace(_ESPACIOS, "", regex=True).str.replace("\u2212", "-", regex=False)
    nulos = t.str.lower().isin(_VACIOS_TEXTO).to_numpy()
    parentesis = t.str.match(r"^\(.*\)$").to_numpy()
    t = t.str.replace(r"^\((.*)\)$", r"\1", regex=True)
    t = t.str.replace(_MONEDA, "", regex=True)
    negativo = parentesis | t.str.match(r"^-").to_numpy() | t.str.match(r"^\d.*-$").to_numpy()
    t = t.str.replace(r"^[-+]|-$", "", regex=True).str.replace(_MONEDA, "", regex=True)
    valido = t.str.match(_NUMERO_LIMPIO).to_numpy() & ~t.str.contains(r"[.,']$", regex=True).to_numpy()
    conv = convencion or _evidencia_convencion(t[valido], pesos[valido], extra_en)
    n_punto = t.str.count(r"\.").to_numpy()
    n_coma = t.str.count(",").to_numpy()
    ultimo_punto = t.str.rfind(".").to_numpy()
    ultima_coma = t.str.rfind(",").to_numpy()
    largo = t.str.len().to_numpy()
    t = t.str.replace("'", "", regex=False)
    # Separador decimal de cada valor: "." / "," / "" (entero).
    ambos = (n_punto > 0) & (n_coma > 0)
    dec_ambos = np.where(ultimo_punto > ultima_coma, ".", ",")
    tres_tras_punto = (largo - 1 - ultimo_punto) == 3
    tres_tras_coma = (largo - 1 - ultima_coma) == 3
    solo_punto = (n_punto > 0) & (n_coma == 0)
    solo_coma = (n_coma > 0) & (n_punto == 0)
    dec_punto = np.where((n_punto == 1) & ~(tres_tras_punto & (conv == "es")), ".", "")
    dec_coma = np.where((n_coma == 1) & ~(tres_tras_coma & (conv == "en")), ",", "")
    decimal = np.select([ambos, solo_punto, solo_coma], [dec_ambos, dec_punto, dec_coma], default="")
    # Un valor con ambos separadores al revés de la columna es ambiguo: se lee por su forma, con aviso.
    contrario = ambos & (dec_ambos != np.where(conv == "es", ",", "."))
    normal = t.copy()
    con_punto = decimal == "."
    con_coma = decimal == ","
    sin_decimal = decimal == ""
    if con_punto.any():
        normal[con_punto] = t[con_punto].str.replace(",", "", regex=False)
    if con_coma.any():
        normal[con_coma] = t[con_coma].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    if sin_decimal.any():
        normal[sin_decimal] = t[sin_decimal].str.replace(r"[.,]", "", regex=True)
    numeros = pd.to_numeric(normal.where(valido, None), errors="coerce").to_numpy(dtype="float64")
    numeros = np.where(negativo, -numeros, numeros)
    ok = valido & ~nulos & ~np.isnan(numeros)
    leidos = np.where(ok, numeros, np.nan)[codigos]
    malos = (~ok & ~nulos)[codigos]
    dudosos = (ok & contrario)[codigos]
    notas: list[NotaValor] = []
    indices = crudos_serie.index
    for k in np.flatnonzero(malos):
        notas.append(NotaValor(indices[k], f"«{crudos.iloc[codigos[k]].strip()}» no es un monto válido"))
    for k in np.flatnonzero(dudosos):
        c = codigos[k]
        notas.append(
            NotaValor(
                indices[k],
                f"«{crudos.iloc[c].strip()}» usa separadores distintos al resto de la columna; se leyó como "
                f"{_escrito_en(numeros[c], conv)}, escrito como el resto de la columna",
                "aviso",
            )
        )
    return leidos, notas


def _escrito_en(numero: float, convencion: str) -> str:
    """Un monto escrito con los separadores de ``convencion`` ("es": 1.234,50; "en": 1,234.50), con al menos dos
    decimales y los que haga falta para no redondear lo leído (hasta seis)."""
    parte_entera, _, decimales = f"{numero:,.6f}".partition(".")
    texto = f"{parte_entera}.{decimales.rstrip('0').ljust(2, '0')}"
    if convencion == "es":
        texto = texto.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return texto


# ---------------------------------------------------------------- fechas

MESES = {
    "ene": 1, "jan": 1, "feb": 2, "mar": 3, "abr": 4, "apr": 4, "may": 5, "jun": 6, "jul": 7,
    "ago": 8, "aug": 8, "sep": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12, "dec": 12,
}
_FECHA_ISO = re.compile(
    r"^(?P<a>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[ T](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?)?$"
)
_FECHA_NUM = re.compile(
    r"^(?P<x>\d{1,2})[-/.](?P<y>\d{1,2})[-/.](?P<a>\d{4}|\d{2})(?:[ T](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?\s*m\.?)?)?$",
    re.IGNORECASE,
)
_FECHA_MES = re.compile(
    r"^(?P<d>\d{1,2})(?:\s*de)?[\s\-/.]+(?P<mes>[a-záéíóú]{3,10})\.?(?:\s*de)?[\s\-/.]+(?P<a>\d{4}|\d{2})$",
    re.IGNORECASE,
)
_FECHA_VACIA = re.compile(r"^[\s/\-.:0]*$")
_ORIGEN_1900 = pd.Timestamp("1899-12-30")
_ORIGEN_1904 = pd.Timestamp("1904-01-01")


FECHA_MINIMA = pd.Timestamp("1900-01-01")
FECHA_MAXIMA = pd.Timestamp("2200-12-31 23:59:59")
ANIO_MINIMO, ANIO_MAXIMO = FECHA_MINIMA.year, FECHA_MAXIMA.year
# Motivos por los que una fecha con forma de fecha no se acepta.
_HORA_IMPOSIBLE = "hora"
_FUERA_DE_RANGO = "rango"


def _anio(anios: pd.Series) -> pd.Series:
    """Años de 2 cifras con la regla de Excel: 00–29 → 2000–2029, 30–99 → 1930–1999."""
    anios = anios.astype("float64")
    dos = anios < 100
    return anios.where(~dos, np.where(anios < 30, 2000 + anios, 1900 + anios))


def _componer(anio, mes, dia, hora=None, minuto=None, segundo=None) -> tuple[pd.Series, pd.Series]:
    """Arma fechas desde sus partes sin «corregir» nada: un 31/02 o una hora 25:00 quedan vacíos.

    Devuelve (fechas ``datetime64[ns]``, motivo de rechazo por fila: ``None``, ``"hora"`` o ``"rango"``).
    Un año fuera de 1900–2200 se rechaza antes de convertir (los límites de ``datetime64[ns]``
    son 1677–2262 y pandas fallaría con toda la columna).
    """
    partes = pd.DataFrame({"year": anio, "month": mes, "day": dia})
    horario = pd.DataFrame(index=partes.index)
    for nombre, valor in (("hour", hora), ("minute", minuto), ("second", segundo)):
        if valor is not None:
            horario[nombre] = pd.to_numeric(valor, errors="coerce").fillna(0).astype("float64")
    partes = partes.astype("float64")
    malas = partes.isna().any(axis=1).to_numpy()
    motivo = pd.Series(None, index=partes.index, dtype=object)
    fuera = ~malas & ((partes["year"] < ANIO_MINIMO) | (partes["year"] > ANIO_MAXIMO)).to_numpy()
    limites = {"hour": 23, "minute": 59, "second": 59}
    hora_mala = np.zeros(len(partes), dtype=bool)
    for nombre in horario.columns:
        valores_hora = horario[nombre].to_numpy()
        hora_mala |= (valores_hora < 0) | (valores_hora > limites[nombre])
    hora_mala &= ~malas & ~fuera
    motivo[fuera] = _FUERA_DE_RANGO
    motivo[hora_mala] = _HORA_IMPOSIBLE
    descartar = malas | fuera | hora_mala
    if descartar.any():
        partes.loc[descartar, ["month", "day"]] = 1.0
        partes.loc[descartar, "year"] = 2000.0
        horario.loc[descartar] = 0.0
    if len(horario.columns):
        partes = pd.concat([partes, horario], axis=1)
    fechas = pd.to_datetime(partes, errors="coerce").astype("datetime64[ns]")
    return fechas.where(~descartar), motivo


def _acotar(fechas: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Deja vacías (y marca) las fechas fuera de 1900–2200; devuelve la serie en ``datetime64[ns]``."""
    fuera = (fechas.notna() & ((fechas < FECHA_MINIMA) | (fechas > FECHA_MAXIMA))).to_numpy()
    if fuera.any():
        fechas = fechas.where(~fuera)
    return fechas.astype("datetime64[ns]"), fuera


def _mensaje_fecha(texto: str, motivo) -> str:
    if motivo == _HORA_IMPOSIBLE:
        return f"«{texto}» no es una fecha y hora válida (esa hora no existe)"
    if motivo == _FUERA_DE_RANGO:
        return (
            f"«{texto}» no es una fecha válida: está fuera del rango que limonero acepta "
            f"({FECHA_MINIMA:%d/%m/%Y} a {FECHA_MAXIMA:%d/%m/%Y})"
        )
    return f"«{texto}» no es una fecha válida"


def a_fecha(serie: pd.Series, dia_primero: bool = True, fecha1904: bool = False) -> tuple[pd.Series, list[NotaValor]]:
    """Convierte una columna de fechas a ``datetime64[ns]`` (NaT = vacío), decidiendo el orden por columna.

    Acepta fechas reales, seriales de Excel (sistema 1900 o 1904), ``dd/mm/aaaa`` (o
    ``mm/dd/aaaa`` si la columna lo prueba), ISO, ``15-mar-2024``; ``  /  /    `` y
    ``0000-00-00`` son vacíos. Los años de 2 cifras siguen la regla de Excel: 00–29 son
    2000–2029 y 30–99 son 1930–1999 (``01/01/29`` → 2029, ``01/01/30`` → 1930).

    Nada se «corrige» en silencio: ``31/02/2024`` o ``2025-07-15 25:00`` son errores, y una
    fecha fuera de 01/01/1900–31/12/2200 se rechaza en su fila (no hace fallar la columna).
    Cada texto distinto se lee una vez, y las fechas ISO de forma fija sin expresiones regulares.

    >>> a_fecha(pd.Series(["03/04/2024", "13/04/2024"]))[0].dt.strftime("%Y-%m-%d").tolist()
    ['2024-04-03', '2024-04-13']
    """
    return _a_fecha(serie, dia_primero, fecha1904, rapido=True)


def _a_fecha(serie: pd.Series, dia_primero: bool, fecha1904: bool, rapido: bool) -> tuple[pd.Series, list[NotaValor]]:
    serie = serie if isinstance(serie, pd.Series) else pd.Series(serie, dtype=object)
    notas: list[NotaValor] = []
    if serie.dtype.kind == "M":
        fechas, fuera = _acotar(serie)
        for indice in serie.index[fuera]:
            notas.append(NotaValor(indice, _mensaje_fecha(mostrar_valor(serie[indice]), _FUERA_DE_RANGO)))
        return fechas, notas
    resultado = pd.Series(pd.NaT, index=serie.index, dtype="datetime64[ns]")
    clase = pd.api.types.infer_dtype(serie.to_numpy(dtype=object), skipna=True)
    if clase in ("string", "empty", "floating", "integer", "mixed-integer-float", "decimal"):
        es_fecha = np.zeros(len(serie), dtype=bool)
    else:
        es_fecha = serie.map(type).isin([dt.datetime, dt.date, pd.Timestamp]).to_numpy()
    es_texto, es_numero, vacio = _tipos(serie)
    es_numero &= ~es_fecha
    if es_fecha.any():
        fechas_reales = serie[es_fecha]
        try:
            convertidas = pd.to_datetime(fechas_reales, errors="coerce")
        except (TypeError, ValueError):
            # Fechas con zona horaria mezcladas: una por una, sin la zona.
            convertidas = pd.to_datetime(fechas_reales.map(_a_timestamp), errors="coerce")
        convertidas, fuera = _acotar(convertidas)
        resultado.iloc[np.flatnonzero(es_fecha)] = convertidas.to_numpy()
        for indice in fechas_reales.index[fuera]:
            notas.append(NotaValor(indice, _mensaje_fecha(mostrar_valor(serie[indice]), _FUERA_DE_RANGO)))
    if es_numero.any():
        numeros = pd.to_numeric(serie[es_numero], errors="coerce").astype("float64")
        resultado.iloc[np.flatnonzero(es_numero)] = _desde_numeros(numeros, fecha1904).to_numpy()
    if es_texto.any():
        posiciones = np.flatnonzero(es_texto)
        crudos = serie.to_numpy(dtype=object)[posiciones]
        if rapido:
            # Cada texto distinto se lee una vez; las decisiones por columna (día primero) no cambian
            # por repetir un valor.
            codigos, unicos = pd.factorize(crudos)
        else:
            codigos, unicos = np.arange(len(crudos)), crudos
        fechas_u, motivos_u, vacias_u, textos_u = _fechas_de_textos(unicos, dia_primero, fecha1904, rapido)
        fechas = fechas_u[codigos]
        resultado.iloc[posiciones] = fechas
        fallidas = np.isnat(fechas) & ~vacias_u[codigos]
        indices = serie.index[posiciones]
        for k in np.flatnonzero(fallidas):
            c = codigos[k]
            notas.append(NotaValor(indices[k], _mensaje_fecha(textos_u[c], motivos_u[c])))
    otros = ~(es_texto | es_numero | es_fecha | vacio)
    for indice in serie.index[otros]:
        notas.append(NotaValor(indice, f"«{serie[indice]}» no es una fecha"))
    malos_numeros = es_numero & resultado.isna().to_numpy()
    for indice in serie.index[malos_numeros]:
        notas.append(NotaValor(indice, f"«{mostrar_valor(serie[indice])}» no es una fecha ni un serial de fecha de Excel"))
    return resultado, notas


# Formas fijas de fecha ISO que se leen sin expresiones regulares: largo → posiciones de
# (año, mes, día, hora, minuto, segundo) y de los separadores.
_FORMAS_ISO = {
    10: ((0, 4), (5, 7), (8, 10), None, None, None),
    16: ((0, 4), (5, 7), (8, 10), (11, 13), (14, 16), None),
    19: ((0, 4), (5, 7), (8, 10), (11, 13), (14, 16), (17, 19)),
}
_SEPARADORES_ISO = {4: b"-/.", 7: b"-/.", 10: b" T", 13: b":", 16: b":"}
_BYTES_VACIOS = np.frombuffer(b"0-/.: ", dtype=np.uint8)


def _partes_iso(textos: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]] | None:
    """Las fechas ISO de forma fija (``2025-01-16``, ``2025-01-16 07:30``, ``2025-01-16 07:30:00``).

    Devuelve (máscara de las leídas, partes en float64 para ``_componer``) o ``None``. Las que
    solo tienen ceros (``0000-00-00``, que es «vacía») quedan para la lectura cuidadosa.
    """
    try:
        largos = np.fromiter(map(len, textos), dtype=np.int64, count=len(textos))
    except TypeError:
        return None
    leidas = np.zeros(len(textos), dtype=bool)
    partes = {nombre: np.full(len(textos), np.nan) for nombre in ("a", "m", "d", "h", "mi", "s")}
    for largo, rangos in _FORMAS_ISO.items():
        cuales = np.flatnonzero(largos == largo)
        if not len(cuales):
            continue
        try:
            matriz = np.array(textos[cuales].tolist(), dtype=f"S{largo}").view(np.uint8).reshape(-1, largo)
        except UnicodeEncodeError:
            continue
        cifras = np.ones(largo, dtype=bool)
        buenas = np.ones(len(cuales), dtype=bool)
        for posicion, permitidos in _SEPARADORES_ISO.items():
            if posicion < largo:
                cifras[posicion] = False
                buenas &= np.isin(matriz[:, posicion], np.frombuffer(permitidos, dtype=np.uint8))
        digitos = matriz[:, cifras]
        buenas &= ((digitos >= 48) & (digitos <= 57)).all(axis=1)
        buenas &= ~np.isin(matriz, _BYTES_VACIOS).all(axis=1)
        valores_num = matriz.astype(np.int64) - 48
        for nombre, rango in zip(("a", "m", "d", "h", "mi", "s"), rangos):
            if rango is None:
                continue
            valor = np.zeros(len(cuales), dtype=np.int64)
            for posicion in range(*rango):
                valor = valor * 10 + valores_num[:, posicion]
            partes[nombre][cuales[buenas]] = valor[buenas]
        leidas[cuales[buenas]] = True
    return leidas, partes


def _fechas_de_textos(
    unicos: np.ndarray, dia_primero: bool, fecha1904: bool, rapido: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lee fechas escritas como texto: (fechas ``datetime64[ns]``, motivo de rechazo, vacías, texto sin espacios).

    Las ISO de forma fija se arman directo desde sus cifras; las demás pasan por la lectura
    cuidadosa. Las dos terminan en ``_componer``, así que dan lo mismo.
    """
    iso = _partes_iso(unicos) if rapido else None
    if iso is None or not iso[0].any():
        return _fechas_de_textos_cuidadoso(unicos, dia_primero, fecha1904)
    leidas, partes = iso
    fechas = np.full(len(unicos), np.datetime64("NaT"), dtype="datetime64[ns]")
    motivos = np.full(len(unicos), None, dtype=object)
    vacias = np.zeros(len(unicos), dtype=bool)
    textos = unicos.copy()
    cuales = np.flatnonzero(leidas)
    indice = pd.RangeIndex(len(cuales))
    compuestas, motivos_iso = _componer(*(pd.Series(partes[n][cuales], index=indice) for n in ("a", "m", "d", "h", "mi", "s")))
    fechas[cuales] = compuestas.to_numpy(dtype="datetime64[ns]")
    motivos[cuales] = motivos_iso.to_numpy(dtype=object)
    resto = np.flatnonzero(~leidas)
    if len(resto):
        f, m, v, t = _fechas_de_textos_cuidadoso(unicos[resto], dia_primero, fecha1904)
        fechas[resto], motivos[resto], vacias[resto], textos[resto] = f, m, v, t
    return fechas, motivos, vacias, textos


def _fechas_de_textos_cuidadoso(
    unicos: np.ndarray, dia_primero: bool, fecha1904: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """La lectura cuidadosa de fechas escritas como texto (ISO, dd/mm o mm/dd decidido por columna,
    nombres de mes, seriales y aaaammdd escritos como texto)."""
    textos = pd.Series(unicos, dtype=object).astype(str).str.strip()
    vacias = textos.str.match(_FECHA_VACIA).to_numpy() | textos.str.lower().isin(_VACIOS_TEXTO).to_numpy()
    fechas = pd.Series(pd.NaT, index=textos.index, dtype="datetime64[ns]")
    motivos = pd.Series(None, index=textos.index, dtype=object)

    def poner(mascara, compuestas):
        fechas[mascara], motivos[mascara] = compuestas[0].to_numpy(), compuestas[1].to_numpy()

    # ISO
    iso = textos.str.extract(_FECHA_ISO)
    es_iso = iso["a"].notna()
    if es_iso.any():
        poner(es_iso, _componer(
            iso.loc[es_iso, "a"], iso.loc[es_iso, "m"], iso.loc[es_iso, "d"],
            iso.loc[es_iso, "h"], iso.loc[es_iso, "mi"], iso.loc[es_iso, "s"],
        ))
    # dd/mm/aaaa o mm/dd/aaaa: decidido por la columna.
    num = textos.str.extract(_FECHA_NUM)
    es_num = num["x"].notna() & ~es_iso
    if es_num.any():
        x = num.loc[es_num, "x"].astype("float64")
        y = num.loc[es_num, "y"].astype("float64")
        prueba_dia = bool((x > 12).any())
        prueba_mes = bool((y > 12).any())
        if prueba_dia and not prueba_mes:
            dia_primero_col = True
        elif prueba_mes and not prueba_dia:
            dia_primero_col = False
        else:
            dia_primero_col = dia_primero
        dia, mes = (x, y) if dia_primero_col else (y, x)
        hora = pd.to_numeric(num.loc[es_num, "h"], errors="coerce")
        ampm = num.loc[es_num, "ampm"].fillna("").str.lower().str.replace(r"[\s.]", "", regex=True)
        hora_ampm_mala = (ampm != "") & ((hora > 12) | (hora < 1))
        hora = hora.where(~((ampm == "pm") & (hora < 12)), hora + 12)
        hora = hora.where(~((ampm == "am") & (hora == 12)), 0)
        hora = hora.where(~hora_ampm_mala, 99)
        poner(es_num, _componer(
            _anio(num.loc[es_num, "a"].astype("float64")), mes, dia, hora, num.loc[es_num, "mi"], num.loc[es_num, "s"]
        ))
    # 15-mar-2024, 15 de marzo de 2024
    con_mes = textos.str.extract(_FECHA_MES)
    es_mes = con_mes["d"].notna() & ~es_iso & ~es_num
    if es_mes.any():
        nombres = (
            con_mes.loc[es_mes, "mes"].str.lower().str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii").str[:3]
        )
        meses = nombres.map(MESES)
        poner(es_mes, _componer(_anio(con_mes.loc[es_mes, "a"].astype("float64")), meses, con_mes.loc[es_mes, "d"]))
    # Números escritos como texto: seriales de Excel o aaaammdd.
    resto = ~es_iso & ~es_num & ~es_mes & textos.str.match(r"^\d+(\.\d+)?$")
    if resto.any():
        fechas[resto] = _desde_numeros(textos[resto].astype("float64"), fecha1904).to_numpy()
    return fechas.to_numpy(dtype="datetime64[ns]"), motivos.to_numpy(dtype=object), vacias, textos.to_numpy(dtype=object)


def _a_timestamp(valor):
    if isinstance(valor, dt.datetime):
        return pd.Timestamp(valor.replace(tzinfo=None))
    return pd.Timestamp(valor)


_DIAS_TIMEDELTA = 100_000


def _desde_numeros(numeros: pd.Series, fecha1904: bool) -> pd.Series:
    """Seriales de Excel (hasta el 31/12/2200) o números aaaammdd a fechas.

    En el sistema 1900, Excel cuenta el inexistente 29/02/1900: los seriales menores que 60
    se corrigen un día para que 1 sea el 01/01/1900.
    """
    numeros = numeros.astype("float64")
    resultado = pd.Series(pd.NaT, index=numeros.index, dtype="datetime64[ns]")
    aaaammdd = (numeros >= 19000101) & (numeros <= 22001231) & (numeros == np.floor(numeros))
    if aaaammdd.any():
        enteros = numeros[aaaammdd].astype("int64")
        resultado[aaaammdd] = _componer(enteros // 10000, (enteros // 100) % 100, enteros % 100)[0].to_numpy()
    origen = _ORIGEN_1904 if fecha1904 else _ORIGEN_1900
    maximo = (FECHA_MAXIMA.normalize() - origen).days + 1
    serial = (numeros >= 1) & (numeros < maximo) & ~aaaammdd
    if serial.any():
        dias = numeros[serial]
        if not fecha1904:
            dias = dias + (dias < 60)
        # Un Timedelta en nanosegundos no pasa de 106.751 días (año ~2192 desde 1900): los seriales
        # más grandes (hasta el 31/12/2200) se suman en dos partes, días enteros y el resto del día.
        cerca = dias < _DIAS_TIMEDELTA
        fechas = pd.Series(pd.NaT, index=dias.index, dtype="datetime64[ns]")
        if cerca.any():
            fechas[cerca] = (origen + pd.to_timedelta(dias[cerca].round(6), unit="D")).dt.round("s").to_numpy()
        if (~cerca).any():
            lejos = dias[~cerca].round(6)
            enteros = np.floor(lejos)
            base = origen + pd.Timedelta(days=_DIAS_TIMEDELTA)
            parte = pd.to_timedelta(enteros - _DIAS_TIMEDELTA, unit="D") + pd.to_timedelta(lejos - enteros, unit="D")
            fechas[~cerca] = (base + parte).dt.round("s").to_numpy()
        resultado[serial] = fechas.to_numpy()
    return resultado


# ---------------------------------------------------------------- ids y teléfonos

_CIENTIFICA = re.compile(r"^\s*([+-]?)(\d+)(?:[.,](\d+))?[eE]\+?(\d+)\s*$")


_ID_LIMPIO = re.compile(r"[^\s.][^.\u00a0\u202f\u2007]*(?<=[^\s])$|[^\s]$").fullmatch


def _limpiar_id(texto: str) -> str:
    """Quita espacios (también no separables) de los bordes y un ``.0`` final de un número."""
    if not texto.isascii():
        texto = _ESPACIOS_RAROS.sub(" ", texto)
    texto = texto.strip()
    if texto.endswith(".0") and texto[:-2].isdigit():
        texto = texto[:-2]
    elif texto.endswith("0") and "." in texto:
        entera, _, decimales = texto.partition(".")
        if entera.isdigit() and decimales.strip("0") == "":
            texto = entera
    return texto


# Lo que puede hacer que un id escrito como texto cambie al limpiarlo: espacios en los bordes,
# espacios no separables, un «.0» final o algo que parece notación científica (y un texto vacío).
# Cada patrón empieza con un carácter fijo para que la búsqueda sobre la columna sea rápida.
_ESPACIO_INICIAL = re.compile(r"\x00\s")
_PUNTO_CERO_FINAL = re.compile(r"\.0+\x00")
# Cuantificadores posesivos: devolver cifras o espacios nunca deja pasar a [.,] ni a [eE], así que
# encuentran lo mismo sin el retroceso que costaba medio segundo por millón de ids.
_QUIZA_CIENTIFICA = re.compile(r"\x00\s*+[+-]?\d++(?:[.,]\d++)?[eE]")
_TEXTO_VACIO = re.compile(r"\x00(?=\x00)")


def _ids_quiza_sucios(textos: np.ndarray) -> np.ndarray | None:
    """Máscara (por exceso) de los textos que la limpieza de ids podría cambiar; ``None`` si no se pudo buscar."""
    unidos = TextosUnidos(textos)
    if not unidos.valido:
        return None
    mascara = unidos.marcar(_ESPACIO_INICIAL) | unidos.marcar_desde_el_final(_ESPACIO_INICIAL)
    mascara |= unidos.marcar(_PUNTO_CERO_FINAL) | unidos.marcar(_TEXTO_VACIO)
    if "e" in unidos.unido or "E" in unidos.unido:
        mascara |= unidos.marcar(_QUIZA_CIENTIFICA)
    if not unidos.unido.isascii():
        for caracter in "\u00a0\u202f\u2007":
            if caracter in unidos.unido:
                mascara |= unidos.marcar(re.compile(caracter))
    return mascara


def a_texto_id(serie: pd.Series) -> tuple[pd.Series, list[NotaValor]]:
    """Ids como texto: sin ``.0``, con sus ceros a la izquierda, sin notación científica.

    Un número de 16 o más cifras guardado como número ya perdió cifras en Excel: se informa.
    Los textos que no tienen nada que limpiar se dejan tal cual sin mirarlos uno por uno; una
    columna de textos con pocos valores distintos (producto, sucursal, país) se lee por valores
    distintos.

    >>> a_texto_id(pd.Series([1234567890123.0, "000123", None]))[0].tolist()
    ['1234567890123', '000123', None]
    """
    serie = serie if isinstance(serie, pd.Series) else pd.Series(serie, dtype=object)
    distintos = _textos_distintos(serie)
    if distintos is not None:
        codigos, unicos = distintos
        limpios, notas = _a_texto_id(pd.Series(unicos, dtype=object), rapido=True)
        if not notas:  # con notas (que llevan la fila) se lee la columna entera, como siempre
            tabla = np.append(limpios.to_numpy(dtype=object), None)  # el código -1 (vacío) toma el último
            return pd.Series(tabla[codigos], index=serie.index, dtype=object), []
    return _a_texto_id(serie, rapido=True)


# Filas del principio de una columna en las que se mira si sus valores se repiten.
MUESTRA_DISTINTOS = 4096


def _se_repite(valores: np.ndarray) -> bool:
    """¿La columna tiene pocos valores distintos? Se estima con sus primeras filas: si allí hay menos
    de un cuarto de valores distintos, leer cada valor distinto una vez y repartirlo compensa."""
    if len(valores) < 4 * MUESTRA_DISTINTOS:
        return False
    return len(pd.unique(valores[:MUESTRA_DISTINTOS])) * 4 <= MUESTRA_DISTINTOS


def _textos_distintos(serie: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """(código de cada fila, valores distintos) de una columna toda de textos (y vacíos) que se repiten; si no, ``None``.

    Solo con textos: ``pd.factorize`` junta ``1``, ``1.0`` y ``True``, que no se leen igual. Un vacío
    (``None``, NaN) tiene el código -1.
    """
    valores = serie.to_numpy(dtype=object)
    if not _se_repite(valores) or pd.api.types.infer_dtype(valores, skipna=True) != "string":
        return None
    return pd.factorize(valores)


def _numeros_simples(textos: np.ndarray, con_punto: bool = True) -> np.ndarray:
    """``pd.to_numeric(textos)`` como ``float64`` para montos simples (cifras ASCII, a lo sumo un punto, no
    más de 15 cifras seguidas), leyendo cada texto distinto una vez si se repiten. Sin ningún punto son
    enteros de hasta 15 cifras: ``int`` los lee exactos, igual que ``to_numeric``, y más rápido."""
    if _se_repite(textos):
        codigos, unicos = pd.factorize(textos)
        return _numeros_simples(unicos, con_punto)[codigos]
    if not con_punto:
        return textos.astype(np.int64).astype("float64")
    return pd.to_numeric(textos).astype("float64")


def _a_texto_id(serie: pd.Series, rapido: bool) -> tuple[pd.Series, list[NotaValor]]:
    serie = serie if isinstance(serie, pd.Series) else pd.Series(serie, dtype=object)
    notas: list[NotaValor] = []
    salida = np.full(len(serie), None, dtype=object)
    es_texto, es_numero, vacio = _tipos(serie)
    if es_texto.any():
        crudos = serie.to_numpy(dtype=object)
        posiciones = np.flatnonzero(es_texto)
        textos = crudos[posiciones]
        revisar = _ids_quiza_sucios(textos) if rapido else None
        revisar = np.flatnonzero(revisar) if revisar is not None else range(len(textos))
        limpios = textos.copy()
        for k in revisar:
            t = textos[k]
            t = t if _ID_LIMPIO(t) else _limpiar_id(t)
            limpios[k] = t
            if ("e" in t or "E" in t) and _CIENTIFICA.match(t):
                limpios[k], nota = _desde_cientifica(t, serie.index[posiciones[k]])
                if nota:
                    notas.append(nota)
        salida[posiciones] = limpios
    if es_numero.any():
        posiciones = np.flatnonzero(es_numero)
        numeros = pd.to_numeric(serie.iloc[posiciones], errors="coerce").to_numpy(dtype="float64")
        with np.errstate(invalid="ignore"):
            grandes = np.abs(numeros) >= LIMITE_EXACTO
            enteros = (numeros == np.floor(numeros)) & ~grandes
        textos = np.full(len(numeros), None, dtype=object)
        if enteros.any():
            textos[enteros] = numeros[enteros].astype(np.int64).astype(str).astype(object)
        for k in np.flatnonzero(~enteros & ~grandes):
            textos[k] = repr(float(numeros[k]))
        salida[posiciones] = textos
        indices = serie.index[posiciones]
        for k in np.flatnonzero(grandes):
            notas.append(
                NotaValor(
                    indices[k],
                    f"el número {numeros[k]:.0f} tiene más cifras de las que Excel guarda: las últimas ya se "
                    "perdieron; formatee la columna como Texto en el origen y vuelva a exportar",
                )
            )
        dudosos = (np.abs(numeros) >= LIMITE_EXCEL) & enteros & (numeros % 10 == 0)
        for k in np.flatnonzero(dudosos):
            notas.append(
                NotaValor(
                    indices[k],
                    f"«{textos[k]}» tiene 16 o más cifras guardadas como número; Excel guarda solo 15 y "
                    "pone 0 en el resto: verifique que no se perdió la última",
                    "aviso",
                )
            )
    otros = ~(es_texto | es_numero | vacio)
    if otros.any():
        salida[otros] = serie[otros].map(str).to_numpy(dtype=object)
    return pd.Series(salida, index=serie.index, dtype=object), notas


def _desde_cientifica(texto: str, indice) -> tuple[str | None, NotaValor | None]:
    """``5.215512345678E+12`` se recupera si la mantisa trae todas las cifras; ``5.21552E+12`` no."""
    coincidencia = _CIENTIFICA.match(texto)
    signo, entera, decimales, exponente = coincidencia.groups()
    decimales = decimales or ""
    if len(decimales) <= int(exponente):
        try:
            valor = Decimal(f"{signo}{entera}.{decimales or '0'}E{exponente}")
        except InvalidOperation:
            valor = None
        if valor is not None and len(entera + decimales) >= int(exponente) + 1 and valor == valor.to_integral_value():
            return str(int(valor)), None
    return None, NotaValor(
        indice,
        f"«{texto}» está en notación científica y ya perdió cifras; no se puede usar: formatee la columna "
        "como Texto en el origen y vuelva a exportar",
    )


_SEPARADORES_TELEFONO = re.compile(r"\s*(?:/|;|,|\||\n|\by\b|\bo\b|\bó\b)\s*", re.IGNORECASE)
_TELEFONO_VACIO = {"", "0", "n/a", "na", "-", "--", "s/n", "sin telefono", "sin teléfono", "no tiene", "ninguno", "null", "none", "nan", "#n/a"}
MINIMO_DIGITOS_TELEFONO = 7
MAXIMO_DIGITOS_TELEFONO = 15


def _limpiar_telefono(texto: str) -> str:
    texto = re.sub(r"\.0+$", "", texto.strip())
    return re.sub(r"\D", "", texto)


def a_telefonos(serie: pd.Series) -> tuple[pd.Series, pd.Series, list[NotaValor]]:
    """Normaliza teléfonos a solo dígitos (``+52 1 55 1234 5678`` → ``5215512345678``).

    Devuelve (primer teléfono, lista de teléfonos adicionales o ``None``, notas). ``0`` y
    ``N/A`` son vacíos; ``5.21552E+12`` ya perdió cifras y se informa como inutilizable.
    """
    return _a_telefonos(serie, rapido=True)


# Lo que no es un teléfono «solo cifras» (o es solo ceros), buscado en los textos unidos por \x00.
_TELEFONO_NO_SIMPLE = re.compile(r"[^0-9\x00][^\x00]*|\x00(?=\x00)|\x000+(?=\x00)")


def _a_telefonos(serie: pd.Series, rapido: bool) -> tuple[pd.Series, pd.Series, list[NotaValor]]:
    serie = serie if isinstance(serie, pd.Series) else pd.Series(serie, dtype=object)
    textos, notas = _a_texto_id(serie, rapido)
    principal = pd.Series([None] * len(serie), index=serie.index, dtype=object)
    extras = pd.Series([None] * len(serie), index=serie.index, dtype=object)
    presentes = textos.notna()
    if not presentes.any():
        return principal, extras, notas
    valores = textos[presentes].astype(str)
    # Camino rápido: el valor ya es solo dígitos.
    no_simples = marcar_textos(valores.to_numpy(dtype=object), _TELEFONO_NO_SIMPLE) if rapido else None
    if no_simples is None:
        simples = valores.str.fullmatch(r"\d+") & ~valores.str.fullmatch(r"0+")
    else:
        simples = pd.Series(~no_simples, index=valores.index)
    largo = valores.str.len()
    buenos = simples & (largo >= MINIMO_DIGITOS_TELEFONO) & (largo <= MAXIMO_DIGITOS_TELEFONO)
    principal[buenos[buenos].index] = valores[buenos]
    for indice in valores.index[~buenos.to_numpy()]:
        texto = valores[indice].strip()
        if texto.lower() in _TELEFONO_VACIO or re.fullmatch(r"[0\s\-.()+]*", texto):
            continue
        piezas = [p for p in _SEPARADORES_TELEFONO.split(texto) if p and p.strip()]
        numeros: list[str] = []
        for pieza in piezas:
            grupos = pieza.split()
            if len(grupos) > 1 and all(len(_limpiar_telefono(g)) >= MINIMO_DIGITOS_TELEFONO for g in grupos):
                numeros.extend(_limpiar_telefono(g) for g in grupos)
            else:
                numeros.append(_limpiar_telefono(pieza))
        numeros = [n for n in numeros if n and not re.fullmatch(r"0+", n)]
        validos = [n for n in numeros if MINIMO_DIGITOS_TELEFONO <= len(n) <= MAXIMO_DIGITOS_TELEFONO]
        if len(validos) < len(numeros):
            notas.append(NotaValor(indice, f"«{texto}» no parece un teléfono (se esperan de 7 a 15 dígitos)", "aviso" if validos else "error"))
        if validos:
            principal[indice] = validos[0]
            if len(validos) > 1:
                extras[indice] = validos[1:]
    return principal, extras, notas


# ---------------------------------------------------------------- enteros y sí/no

def a_entero(
    serie: pd.Series, descripcion: str = "un número entero", maximo: float | None = None
) -> tuple[pd.Series, list[NotaValor]]:
    """Enteros (``Int64``); un texto que no es número o un valor con decimales se informa y queda vacío.

    ``descripcion`` nombra lo que se espera en los mensajes (``"un número de días"``); con
    ``maximo``, un valor absoluto mayor se rechaza como no razonable. Sin ``maximo``, el
    límite es 2**53 (más allá un float ya no guarda el entero exacto).

    >>> a_entero(pd.Series(["15", "cinco"]), "un número de días")[1][0].mensaje
    '«cinco» no es un número de días'
    """
    serie = serie if isinstance(serie, pd.Series) else pd.Series(serie, dtype=object)
    numeros, notas_monto = a_monto(serie)
    arreglo = numeros.to_numpy(dtype="float64").copy()
    notas = [nota for nota in notas_monto if nota.gravedad != "error"]
    malos = [nota.indice for nota in notas_monto if nota.gravedad == "error"]
    if malos:
        # «1e3» no es un monto en español, pero sí un número: se revisa abajo como tal.
        crudos = serie.loc[malos].astype(str).str.strip()
        cientificos = pd.to_numeric(crudos.where(crudos.str.contains("e", case=False)), errors="coerce")
        leidos = cientificos.notna().to_numpy()
        arreglo[numeros.index.get_indexer(cientificos.index[leidos])] = cientificos.to_numpy()[leidos]
        for indice, texto in zip(crudos.index[~leidos], crudos.to_numpy()[~leidos]):
            notas.append(NotaValor(indice, f"«{texto}» no es {descripcion}"))
    presentes = ~np.isnan(arreglo)
    limite = LIMITE_EXACTO if maximo is None else maximo
    with np.errstate(invalid="ignore"):
        enorme = presentes & ~(np.abs(arreglo) <= limite)
        fraccion = presentes & ~enorme & (arreglo != np.floor(arreglo))
    for indice in numeros.index[enorme]:
        notas.append(NotaValor(indice, f"«{mostrar_valor(serie[indice])}» no es {descripcion} razonable"))
    for indice in numeros.index[fraccion]:
        notas.append(NotaValor(indice, f"«{mostrar_valor(serie[indice])}» no es {descripcion} (tiene decimales)"))
    arreglo = np.where(enorme | fraccion, np.nan, arreglo)
    return pd.Series(arreglo, index=numeros.index).round().astype("Int64"), notas


_VERDADEROS = {"si", "sí", "s", "x", "1", "1.0", "true", "verdadero", "v", "yes", "y", "no contactar", "bloqueado"}
_FALSOS = {"no", "n", "0", "0.0", "false", "falso", "f", ""}


def a_booleano(serie: pd.Series) -> tuple[pd.Series, list[NotaValor]]:
    """``si/sí/x/1/true/verdadero`` → True; ``no/0/false/falso`` → False; vacío → NA (``boolean``).

    Una columna toda de textos se lee por valores distintos (suelen ser dos o tres).
    """
    return _a_booleano(serie, rapido=True)


def _a_booleano(serie: pd.Series, rapido: bool) -> tuple[pd.Series, list[NotaValor]]:
    serie = serie if isinstance(serie, pd.Series) else pd.Series(serie, dtype=object)
    if rapido and len(serie) and pd.api.types.infer_dtype(serie.to_numpy(dtype=object), skipna=True) in ("string", "empty"):
        codigos, unicos = pd.factorize(serie.to_numpy(dtype=object))
        leidos, notas_unicos = _a_booleano(pd.Series(unicos, dtype=object), rapido=False)
        tomados = np.where(codigos >= 0, codigos, len(unicos))
        valores_unicos = pd.array(list(leidos) + [pd.NA], dtype="boolean")
        resultado = pd.Series(valores_unicos[tomados], index=serie.index, dtype="boolean")
        malos = np.zeros(len(unicos) + 1, dtype=bool)
        malos[[n.indice for n in notas_unicos]] = True
        notas = [NotaValor(indice, f"«{serie[indice]}» no es sí/no") for indice in serie.index[malos[tomados]]]
        return resultado, notas
    notas: list[NotaValor] = []
    textos = serie.map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)).astype(object)
    normal = textos.str.strip().str.lower()
    resultado = pd.Series(pd.NA, index=serie.index, dtype="boolean")
    resultado[normal.isin(_VERDADEROS).fillna(False).to_numpy(dtype=bool)] = True
    falsos = normal.isin(_FALSOS).fillna(False).to_numpy(dtype=bool)
    resultado[falsos & normal.ne("").fillna(False).to_numpy(dtype=bool)] = False
    desconocidos = normal.notna() & ~normal.isin(_VERDADEROS | _FALSOS)
    for indice in serie.index[desconocidos.to_numpy(dtype=bool)]:
        notas.append(NotaValor(indice, f"«{serie[indice]}» no es sí/no"))
    return resultado, notas
