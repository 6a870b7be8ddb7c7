"""Validación de tipificaciones contra el catálogo de códigos de resultado.

Lógica pura: recibe DataFrames con columnas canónicas y devuelve otros nuevos.
Toda fila de entrada termina en las válidas o en las rechazadas (con su ``_fila``
y un ``motivo`` en español), nunca se pierde.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Niveles del embudo, de menor a mayor. El nivel de una tipificación sale del
#: catálogo (columna ``nivel``); el "mejor nivel" de un deudor es el máximo.
NIVELES: tuple[str, ...] = (
    "sin_contacto",
    "contacto_tercero",
    "contacto_titular",
    "negociacion",
    "promesa",
    "pago",
)

#: Posición de cada nivel (0 = ``sin_contacto``).
RANGO_NIVEL: dict[str, int] = {nivel: i for i, nivel in enumerate(NIVELES)}

COLUMNAS_CATALOGO = ("codigo", "descripcion", "nivel", "requiere_monto", "requiere_fecha", "final", "peso")

_VERDADEROS = {"si", "sí", "s", "x", "1", "true", "verdadero", "yes", "y", "1.0"}


def normalizar_codigo(codigos: pd.Series) -> pd.Series:
    """Clave de comparación de un código: sin espacios a los lados y en mayúsculas.

    Los catálogos reales traen el mismo código con mayúsculas distintas o espacios
    al final (``"pp "`` y ``"PP"``); se consideran el mismo código.
    """
    # Se normalizan solo los valores distintos (pocos) y se reparten: rápido con millones de filas.
    posiciones, distintos = pd.factorize(codigos, use_na_sentinel=True)
    texto = pd.Series(distintos, dtype=object).astype("string").str.strip().str.upper()
    limpios = texto.where(texto.notna() & (texto != "")).to_numpy(dtype=object, na_value=None)
    limpios = np.append(limpios, None)  # la posición -1 (vacío) apunta a este None
    return pd.Series(limpios[posiciones], index=codigos.index, dtype=object)


def rango_de_codigos(codigos: pd.Series, catalogo_preparado: pd.DataFrame) -> np.ndarray:
    """Posición en :data:`NIVELES` del nivel de cada código; -1 si el código no está en el catálogo.

    ``catalogo_preparado`` es el resultado de :func:`preparar_catalogo`.
    """
    posiciones, distintos = pd.factorize(codigos, use_na_sentinel=True)
    claves = normalizar_codigo(pd.Series(distintos, dtype=object))
    rangos = claves.map(dict(zip(catalogo_preparado["clave"], catalogo_preparado["rango"]))).fillna(-1)
    rangos = np.append(rangos.to_numpy(dtype=np.int64), -1)  # la posición -1 (vacío) no está en el catálogo
    return rangos[posiciones]


def a_booleano(valores: pd.Series) -> pd.Series:
    """Convierte una columna de sí/no (bool, 1/0, "Sí", "x", vacío) en booleanos.

    Vacío o desconocido cuenta como ``False``.
    """
    if valores.dtype == bool:
        return valores.copy()
    texto = valores.astype("string").str.strip().str.lower()
    return texto.isin(_VERDADEROS).fillna(False).astype(bool)


def preparar_catalogo(catalogo: pd.DataFrame) -> pd.DataFrame:
    """Catálogo con tipos limpios, una fila por código normalizado (la primera gana).

    Devuelve columnas ``codigo`` (tal como está en el catálogo), ``clave`` (normalizada),
    ``nivel``, ``rango`` (posición del nivel en :data:`NIVELES`, -1 si el nivel es
    desconocido), ``requiere_monto``, ``requiere_fecha``, ``final`` (bool) y ``peso``.
    """
    cat = catalogo.copy()
    for col in COLUMNAS_CATALOGO:
        if col not in cat.columns:
            cat[col] = None
    cat["codigo"] = cat["codigo"].astype("string").str.strip().astype(object)
    cat["clave"] = normalizar_codigo(cat["codigo"])
    cat = cat[cat["clave"].notna()].drop_duplicates("clave", keep="first")
    nivel = cat["nivel"].astype("string").str.strip().str.lower()
    cat["nivel"] = nivel.astype(object)
    cat["rango"] = nivel.map(RANGO_NIVEL).fillna(-1).astype(int)
    for col in ("requiere_monto", "requiere_fecha", "final"):
        cat[col] = a_booleano(cat[col])
    cat["peso"] = pd.to_numeric(cat["peso"], errors="coerce")
    return cat[["codigo", "clave", "descripcion", "nivel", "rango", "requiere_monto", "requiere_fecha", "final", "peso"]].reset_index(
        drop=True
    )


# --------------------------------------------------------------------------- exportaciones de marcador

#: Columnas que delatan una exportación de marcador (el reporte de llamadas de Vicidial). Con dos o
#: más de ellas, el archivo se trata como exportación de marcador.
COLUMNAS_DE_MARCADOR = frozenset(
    {"status_name", "lead_id", "campaign_id", "list_id", "phone_number_dialed", "vendor_lead_code",
     "length_in_sec", "user_group", "list_name", "call_date"}
)

#: Usuarios que el marcador usa para las llamadas que no llegaron a un asesor (``VDAD``: marcación
#: automática; ``VDCL``: cola de entrada). No son asesores: esas filas quedan sin asesor.
USUARIOS_DEL_MARCADOR = frozenset({"VDAD", "VDCL"})

CANAL_DEL_MARCADOR = "llamada"

_MONTO_EN_COMENTARIO = re.compile(
    r"(?:promete|promesa|pagar[aá]?|paga|abona|abonar[aá]?)\D{0,15}?(\d[\d.,]*\d|\d)", re.IGNORECASE
)
_FECHA_EN_COMENTARIO = re.compile(r"\b(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2}|\d{4}))?\b")


def es_exportacion_de_marcador(datos: pd.DataFrame) -> bool:
    """``True`` si las columnas de ``datos`` son las de una exportación de marcador (p. ej. Vicidial)."""
    return len(COLUMNAS_DE_MARCADOR & {str(c).strip().lower() for c in datos.columns}) >= 2


def _monto_escrito(texto: str | None) -> float:
    """``"1.500,00"`` → 1500.0; ``"1,500.50"`` → 1500.5; ``"2500"`` → 2500.0; ilegible → NaN."""
    if not texto:
        return float("nan")
    if "." in texto and "," in texto:
        decimal = "," if texto.rfind(",") > texto.rfind(".") else "."
    elif "," in texto:
        decimal = "," if re.search(r",\d{1,2}$", texto) else None
    elif "." in texto:
        decimal = "." if re.search(r"\.\d{1,2}$", texto) else None
    else:
        decimal = None
    miles = {",": ".", ".": ","}.get(decimal, ".,")
    limpio = texto
    for separador in miles:
        limpio = limpio.replace(separador, "")
    if decimal:
        limpio = limpio.replace(decimal, ".")
    try:
        return float(limpio)
    except ValueError:
        return float("nan")


def promesa_en_comentario(comentarios: pd.Series, fechas_gestion: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Monto y fecha de promesa escritos en el comentario (``"promete 1.500,00 el 20/03"``).

    El monto es el primer número después de «promete», «promesa», «paga»...; la fecha, el primer
    ``dd/mm`` o ``dd/mm/aaaa`` (día primero). Sin año, el de la gestión; si así quedara antes de la
    gestión, el año siguiente. Lo que no se encuentra queda vacío (NaN / NaT).
    """
    texto = comentarios.astype("string")
    monto = texto.str.extract(_MONTO_EN_COMENTARIO, expand=False)
    montos = pd.Series([_monto_escrito(m) if isinstance(m, str) else float("nan") for m in monto.tolist()],
                       index=comentarios.index, dtype="float64")
    partes = texto.str.extract(_FECHA_EN_COMENTARIO)
    gestion = pd.to_datetime(fechas_gestion, errors="coerce").dt.normalize()
    dia = pd.to_numeric(partes[0], errors="coerce")
    mes = pd.to_numeric(partes[1], errors="coerce")
    anio = pd.to_numeric(partes[2], errors="coerce")
    anio = anio.where(anio.isna() | (anio >= 100), anio + 2000)
    sin_anio = anio.isna()
    anio = anio.fillna(gestion.dt.year)
    completa = (dia.notna() & mes.notna() & anio.notna()).to_numpy(dtype=bool)
    textos = np.full(len(texto), None, dtype=object)
    if completa.any():
        textos[completa] = [f"{int(a):04d}-{int(m):02d}-{int(d):02d}" for a, m, d in
                            zip(anio[completa].tolist(), mes[completa].tolist(), dia[completa].tolist())]
    fechas = pd.to_datetime(pd.Series(textos, index=comentarios.index), format="%Y-%m-%d", errors="coerce")
    antes = sin_anio & (fechas < gestion).fillna(False)
    fechas = fechas.where(~antes, fechas + pd.DateOffset(years=1))
    return montos, fechas.astype("datetime64[ns]")


def traducir_marcador(
    datos: pd.DataFrame, catalogo: pd.DataFrame, equivalencias: dict[str, str] | None, marcador: bool
) -> pd.DataFrame:
    """Traduce los códigos del marcador a los del catálogo (columna ``equivalencias`` de la estrategia).

    Un código que ya está en el catálogo se queda como está; uno que no está pero figura en
    ``equivalencias`` (código del marcador → código del catálogo) se traduce. El código original
    queda en ``codigo_marcador``. En una exportación de marcador (``marcador=True``) además:
    el canal vacío es ``llamada``; los usuarios del sistema (``VDAD``, ``VDCL``) no son asesores;
    y si el código exige monto o fecha de promesa y faltan, se buscan en el comentario.
    """
    df = datos.copy()
    if "codigo" not in df.columns:
        return df
    cat = preparar_catalogo(catalogo)
    clave = normalizar_codigo(df["codigo"])
    df["codigo_marcador"] = df["codigo"]
    if equivalencias:
        tabla = {str(k).strip().upper(): v for k, v in equivalencias.items()}
        fuera = clave.notna() & ~clave.isin(set(cat["clave"]))
        traducido = clave[fuera].map(tabla)
        df.loc[fuera[fuera].index, "codigo"] = traducido.where(traducido.notna(), df.loc[fuera, "codigo"]).to_numpy(dtype=object)
    if not marcador:
        return df
    canal = df["canal"] if "canal" in df.columns else pd.Series([None] * len(df), index=df.index, dtype=object)
    df["canal"] = canal.where(~_texto_vacio(canal), CANAL_DEL_MARCADOR).astype(object)
    if "asesor" in df.columns:
        usuario = df["asesor"].astype("string").str.strip().str.upper()
        sistema = usuario.isin(USUARIOS_DEL_MARCADOR).fillna(False).to_numpy(dtype=bool)
        asesores = df["asesor"].to_numpy(dtype=object, copy=True)
        asesores[sistema] = None
        df["asesor"] = pd.Series(asesores, index=df.index, dtype=object)
    if "comentario" in df.columns:
        unido = pd.DataFrame({"clave": normalizar_codigo(df["codigo"])}).merge(cat, on="clave", how="left")
        exige = (unido["requiere_monto"].fillna(False) | unido["requiere_fecha"].fillna(False)).to_numpy(dtype=bool)
        if exige.any():
            montos, fechas = promesa_en_comentario(df["comentario"], df.get("fecha_hora", pd.Series(pd.NaT, index=df.index)))
            actual_monto = pd.to_numeric(df.get("monto_promesa", pd.Series(np.nan, index=df.index)), errors="coerce")
            actual_fecha = pd.to_datetime(df.get("fecha_promesa", pd.Series(pd.NaT, index=df.index)), errors="coerce")
            df["monto_promesa"] = actual_monto.where(actual_monto.notna() | ~exige, montos).astype("float64")
            df["fecha_promesa"] = actual_fecha.where(actual_fecha.notna() | ~exige, fechas).astype("datetime64[ns]")
    return df


def _texto_vacio(serie: pd.Series) -> pd.Series:
    texto = serie.astype("string").str.strip()
    return (texto.isna() | (texto == "")).fillna(True).astype(bool)


def validar_tipificaciones(
    datos: pd.DataFrame,
    catalogo: pd.DataFrame,
    equivalencias: dict[str, str] | None = None,
    marcador: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Separa las tipificaciones válidas de las rechazadas.

    Antes de revisar el catálogo se traducen los códigos del marcador con ``equivalencias``
    (ver :func:`traducir_marcador`). ``marcador`` dice si ``datos`` es una exportación de
    marcador; ``None`` = se deduce de sus columnas (:func:`es_exportacion_de_marcador`). En una
    exportación de marcador, un código sin equivalencia se rechaza con «el código X del marcador
    no tiene equivalencia en el catálogo».

    ``datos`` trae columnas canónicas (``cuenta`` y/o ``cliente_id``, ``fecha_hora``,
    ``asesor``, ``canal``, ``codigo``, ``monto_promesa``, ``fecha_promesa``,
    ``comentario``, ``_fila``). Una fila se rechaza si:

    - no trae cuenta ni cliente;
    - no trae fecha y hora de la gestión;
    - no trae código, o su código no está en el catálogo;
    - su código exige monto (``requiere_monto``) y el monto falta o no es positivo;
    - su código exige fecha (``requiere_fecha``) y la fecha de promesa falta;
    - la fecha de promesa es anterior al día de la gestión.

    Una fila con varios problemas lleva todos en ``motivo``, separados por ``; ``.
    En las válidas, ``codigo`` queda escrito como en el catálogo (``" pp"`` → ``"PP"``).

    Devuelve ``(validas, rechazadas)``; ``rechazadas`` lleva las columnas de entrada
    más ``motivo``. ``len(validas) + len(rechazadas) == len(datos)``.
    """
    if marcador is None:
        marcador = es_exportacion_de_marcador(datos)
    df = datos.reset_index(drop=True)
    if equivalencias or marcador:
        df = traducir_marcador(df, catalogo, equivalencias, marcador)
    for col in ("cuenta", "cliente_id", "fecha_hora", "asesor", "canal", "codigo", "monto_promesa", "fecha_promesa", "comentario"):
        if col not in df.columns:
            df[col] = None
    if "_fila" not in df.columns:
        df["_fila"] = np.arange(1, len(df) + 1)
    cat = preparar_catalogo(catalogo)

    fecha_hora = pd.to_datetime(df["fecha_hora"], errors="coerce")
    fecha_promesa = pd.to_datetime(df["fecha_promesa"], errors="coerce")
    monto = pd.to_numeric(df["monto_promesa"], errors="coerce")
    clave = normalizar_codigo(df["codigo"])
    unido = pd.DataFrame({"clave": clave}).merge(cat, on="clave", how="left")
    en_catalogo = unido["codigo"].notna().to_numpy()
    requiere_monto = unido["requiere_monto"].fillna(False).astype(bool).to_numpy()
    requiere_fecha = unido["requiere_fecha"].fillna(False).astype(bool).to_numpy()

    sin_deudor = (_texto_vacio(df["cuenta"]) & _texto_vacio(df["cliente_id"])).to_numpy()
    sin_fecha = fecha_hora.isna().to_numpy()
    sin_codigo = clave.isna().to_numpy()
    fuera = ~sin_codigo & ~en_catalogo
    falta_monto = requiere_monto & ~(monto > 0).fillna(False).to_numpy()
    falta_fecha = requiere_fecha & fecha_promesa.isna().to_numpy()
    promesa_antes = (fecha_promesa.dt.normalize() < fecha_hora.dt.normalize()).fillna(False).to_numpy()

    codigos_texto = df["codigo"].astype("string").str.strip().fillna("").to_numpy(dtype=object)
    motivos = [
        (sin_deudor, np.full(len(df), "falta la cuenta o el cliente", dtype=object)),
        (sin_fecha, np.full(len(df), "falta la fecha y hora de la gestión o no es una fecha", dtype=object)),
        (sin_codigo, np.full(len(df), "falta el código de tipificación", dtype=object)),
        (fuera, np.array([(f"el código {c} del marcador no tiene equivalencia en el catálogo" if marcador else
                           f"el código «{c}» no está en el catálogo de tipificaciones") for c in codigos_texto], dtype=object)),
        (falta_monto, np.full(len(df), "el código exige un monto de promesa mayor que cero", dtype=object)),
        (falta_fecha, np.full(len(df), "el código exige una fecha de promesa", dtype=object)),
        (promesa_antes, np.full(len(df), "la fecha de promesa es anterior al día de la gestión", dtype=object)),
    ]
    motivo = np.full(len(df), "", dtype=object)
    for mascara, texto in motivos:
        if not mascara.any():
            continue
        previo = motivo[mascara]
        motivo[mascara] = np.where(previo == "", texto[mascara], previo + "; " + texto[mascara])
    rechazo = motivo != ""

    validas = df.loc[~rechazo].copy()
    validas["codigo"] = unido.loc[~rechazo, "codigo"].to_numpy()
    validas["fecha_hora"] = fecha_hora[~rechazo]
    validas["fecha_promesa"] = fecha_promesa[~rechazo]
    validas["monto_promesa"] = monto[~rechazo].astype("float64")
    rechazadas = df.loc[rechazo].copy()
    rechazadas["motivo"] = motivo[rechazo]
    return validas.reset_index(drop=True), rechazadas.reset_index(drop=True)
