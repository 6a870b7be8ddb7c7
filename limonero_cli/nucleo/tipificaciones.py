"""Validación de tipificaciones contra el catálogo de códigos de resultado.

Lógica pura: recibe DataFrames con columnas canónicas y devuelve otros nuevos.
Toda fila de entrada termina en las válidas o en las rechazadas (con su ``_fila``
y un ``motivo`` en español), nunca se pierde.
"""

from __future__ import annotations

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


def _texto_vacio(serie: pd.Series) -> pd.Series:
    texto = serie.astype("string").str.strip()
    return (texto.isna() | (texto == "")).fillna(True).astype(bool)


def validar_tipificaciones(datos: pd.DataFrame, catalogo: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Separa las tipificaciones válidas de las rechazadas.

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
    df = datos.reset_index(drop=True)
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
        (fuera, np.array([f"el código «{c}» no está en el catálogo de tipificaciones" for c in codigos_texto], dtype=object)),
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
