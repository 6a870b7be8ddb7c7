"""El embudo de cobranza: deudores asignados → gestionados → contactados → titular →
promesa → promesa cumplida, con montos y conversiones.

Lógica pura. Las definiciones son las de ``docs/arquitectura.md`` («Números que se
informan»):

- Se cuentan **deudores** (``cliente_id``), no cuentas ni intentos.
- ``asignadas``: deudores con al menos una asignación con ``fecha`` en el periodo. Cada
  deudor cuenta en el grupo de su **última** asignación del periodo (la última fila
  registrada de su último día), y de ella sale su ``saldo_asignado``.
- ``gestionadas``: de esos, los que tienen al menos una tipificación en el periodo.
- ``contactadas``: su mejor nivel del periodo es ``contacto_tercero`` o más (los niveles
  se ordenan como en :data:`NIVELES`; un código fuera del catálogo cuenta como intento
  pero no como contacto).
- ``contacto_titular``: mejor nivel ``contacto_titular`` o más.
- ``promesas``: al menos una promesa (código de nivel ``promesa``) hecha en el periodo.
- ``promesas_cumplidas``: al menos una de esas promesas está cumplida
  (ver :mod:`limonero_cli.nucleo.promesas`; los pagos que la cumplen pueden caer después
  del periodo, hasta ``fecha``).
- ``monto_prometido``: suma de los montos de esas promesas.
- ``monto_recuperado``: pagos de los deudores asignados hechos desde el día de su **primera**
  asignación del periodo (ese día incluido) hasta el fin del periodo, hayan sido contactados o
  no. Lo que un deudor pagó antes de que se lo asignara no es recuperación de la gestión.
- ``monto_antes_de_asignar``: pagos del periodo de esos mismos deudores hechos antes del día de su
  primera asignación (no son recuperado; se muestran para que la cifra se pueda cuadrar con los pagos).
- ``conv_<paso>``: el paso dividido por el paso anterior; ``tasa_<paso>``: el paso dividido
  por ``asignadas``; ``tasa_recuperacion``: ``monto_recuperado / saldo_asignado``. Son
  fracciones (0,25 = 25 %); vacías (NaN) cuando el denominador es cero.

Como cada paso es un subconjunto del anterior, los conteos nunca crecen de un paso al
siguiente.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorUso
from limonero_cli.nucleo.promesas import repartir_pagos
from limonero_cli.nucleo.tipificaciones import NIVELES, RANGO_NIVEL, preparar_catalogo, rango_de_codigos

__all__ = [
    "DIMENSIONES",
    "NIVELES",
    "PASOS",
    "SIN_DATO",
    "calcular_embudo",
    "calcular_embudos",
    "codigos_de_deudor",
    "columnas_embudo",
    "escalon_del_embudo",
    "pagos_del_periodo",
    "comparar_metas",
    "comparar_variantes",
    "dia_entero",
    "dias_en_periodo",
    "dias_enteros",
    "prueba_dos_proporciones",
    "rangos_por_fila",
]

#: Dimensiones por las que se puede abrir el embudo (columnas de las asignaciones).
DIMENSIONES = ("tratamiento", "etapa", "segmento", "asesor", "canal", "variante")

#: Pasos del embudo, en orden.
PASOS = ("asignadas", "gestionadas", "contactadas", "contacto_titular", "promesas", "promesas_cumplidas")

#: Etiqueta de un grupo cuya dimensión viene vacía.
SIN_DATO = "(sin dato)"

MONTOS = ("monto_prometido", "monto_recuperado", "monto_antes_de_asignar", "saldo_asignado")


def columnas_embudo(por: list[str]) -> list[str]:
    """Columnas del resultado de :func:`calcular_embudo`, en orden."""
    conversiones = [f"conv_{p}" for p in PASOS[1:]]
    tasas = [f"tasa_{p}" for p in PASOS[1:]]
    return ["grupo", *por, *PASOS, *MONTOS, *conversiones, *tasas, "tasa_recuperacion"]


def normalizar_por(por: list[str] | str | None) -> list[str]:
    """Valida ``por``: ninguna, una o dos dimensiones de :data:`DIMENSIONES`.

    Acepta una lista o un texto separado por comas (``"tratamiento,etapa"``).
    """
    if por is None:
        return []
    if isinstance(por, str):
        por = [p for p in por.split(",")]
    dims = [str(p).strip().lower() for p in por if str(p).strip()]
    desconocidas = [d for d in dims if d not in DIMENSIONES]
    if desconocidas:
        raise ErrorUso(
            f"No se puede abrir el embudo por «{desconocidas[0]}».",
            f"Use una o dos de: {', '.join(DIMENSIONES)} (por ejemplo --por tratamiento,etapa), "
            "o «total» para una sola fila.",
        )
    if len(dims) > 2:
        raise ErrorUso(
            f"El embudo se abre por una o dos dimensiones, no por {len(dims)} ({', '.join(dims)}).",
            "Elija dos, por ejemplo --por tratamiento,etapa.",
        )
    if len(set(dims)) != len(dims):
        raise ErrorUso(f"La dimensión «{dims[0]}» está repetida en --por.", "Escríbala una sola vez.")
    return dims


def _columna(datos: pd.DataFrame, nombre: str) -> pd.Series:
    if nombre in datos.columns:
        return datos[nombre]
    return pd.Series([None] * len(datos), index=datos.index, dtype=object)


def _dividir(numerador: pd.Series, denominador: pd.Series) -> pd.Series:
    num = numerador.astype("float64")
    den = denominador.astype("float64")
    return (num / den).where(den > 0)


#: Día vacío (NaT) en los arreglos de días.
SIN_DIA = np.iinfo(np.int64).min

_NS_DIA = 86_400 * 10**9


def escalon_del_embudo(rangos: np.ndarray) -> np.ndarray:
    """Lo que el embudo distingue del nivel de un código (su rango en :data:`NIVELES`, -1 fuera del catálogo):
    0 solo intento (sin contacto o fuera del catálogo), 1 contacto con un tercero, 2 contacto con el titular
    (también negociación y pago), 3 promesa. Dos niveles con el mismo escalón dan el mismo embudo."""
    rangos = np.asarray(rangos)
    escalon = np.where(rangos >= RANGO_NIVEL["contacto_titular"], 2,
                       np.where(rangos >= RANGO_NIVEL["contacto_tercero"], 1, 0))
    return np.where(rangos == RANGO_NIVEL["promesa"], 3, escalon)


def dias_enteros(fechas: pd.Series) -> np.ndarray:
    """Día de cada fecha (o fecha y hora) como entero (días desde 1970); :data:`SIN_DIA` si está vacía."""
    valores = pd.to_datetime(fechas, errors="coerce")
    if getattr(valores.dtype, "tz", None) is not None:
        valores = valores.dt.tz_localize(None)
    ns = valores.to_numpy(dtype="datetime64[ns]").view(np.int64)
    dias = ns // _NS_DIA
    dias[ns == SIN_DIA] = SIN_DIA  # NaT es el mínimo de int64
    return dias


def dia_entero(valor: date | None) -> int | None:
    """Un día como entero, como en :func:`dias_enteros` (``None`` queda ``None``)."""
    return None if valor is None else int(np.datetime64(pd.Timestamp(valor).date(), "D").astype(np.int64))


def dias_en_periodo(dias: np.ndarray, desde: date | None, hasta: date | None) -> np.ndarray:
    """Máscara de los días (de :func:`dias_enteros`) entre ``desde`` y ``hasta``; los vacíos quedan fuera."""
    mascara = dias != SIN_DIA
    if desde is not None:
        mascara &= dias >= dia_entero(desde)
    if hasta is not None:
        mascara &= dias <= dia_entero(hasta)
    return mascara


def _objetos(datos: pd.DataFrame, nombre: str, filas: np.ndarray | None = None) -> np.ndarray:
    """Valores de la columna (solo ``filas``, si se dan) como arreglo de objetos."""
    serie = _columna(datos, nombre)
    if filas is not None:
        serie = serie.take(filas)
    return serie.to_numpy(dtype=object)


def codigos_de_deudor(series: list[pd.Series]) -> tuple[list[np.ndarray], np.ndarray]:
    """Un mismo entero por ``cliente_id`` en varias columnas (-1 = vacío) y los valores distintos.

    Cada texto se lee una sola vez; una columna categórica no se vuelve a leer (solo sus
    categorías), así que la bitácora puede entregar los clientes como ``category``.
    """
    categorias = [s.cat.categories for s in series if isinstance(s.dtype, pd.CategoricalDtype)]
    if len(categorias) == len(series) and all(c is categorias[0] or c.equals(categorias[0]) for c in categorias):
        # Las mismas categorías en todas: sus códigos ya son el entero del deudor.
        return ([s.cat.codes.to_numpy().astype(np.int64) for s in series],
                categorias[0].to_numpy(dtype=object) if categorias else np.empty(0, dtype=object))
    codigos, distintos = [], []
    for serie in series:
        if isinstance(serie.dtype, pd.CategoricalDtype):
            codigos.append(serie.cat.codes.to_numpy().astype(np.int64))
            distintos.append(serie.cat.categories.to_numpy(dtype=object))
        else:
            cod, dis = pd.factorize(serie.to_numpy(dtype=object), use_na_sentinel=True)
            codigos.append(cod.astype(np.int64, copy=False))
            distintos.append(np.asarray(dis, dtype=object))
    union, todos = pd.factorize(np.concatenate(distintos) if distintos else np.empty(0, dtype=object))
    resultado, inicio = [], 0
    for cod, dis in zip(codigos, distintos):
        traduccion = np.append(union[inicio: inicio + len(dis)], -1).astype(np.int64)  # -1 → -1
        resultado.append(traduccion[cod])
        inicio += len(dis)
    return resultado, np.asarray(todos, dtype=object)


def rangos_por_fila(codigos: pd.Series, cat: pd.DataFrame) -> np.ndarray:
    """Como :func:`rango_de_codigos`, sin volver a leer millones de textos si la columna es categórica."""
    if isinstance(codigos.dtype, pd.CategoricalDtype):
        rangos = rango_de_codigos(pd.Series(codigos.cat.categories.to_numpy(dtype=object), dtype=object), cat)
        return np.append(rangos, -1)[codigos.cat.codes.to_numpy()]
    return rango_de_codigos(codigos, cat)


def _etiquetas(valores: np.ndarray) -> np.ndarray:
    """Valor de una dimensión como texto sin espacios a los lados; vacío → :data:`SIN_DATO`.

    Se limpian solo los valores distintos (pocos) y se reparten.
    """
    posiciones, distintos = pd.factorize(valores, use_na_sentinel=True)
    texto = pd.Series(distintos, dtype=object).astype("string").str.strip()
    limpios = texto.where(texto.notna() & (texto != ""), SIN_DATO).to_numpy(dtype=object)
    return np.append(limpios, SIN_DATO)[posiciones]


def calcular_embudo(
    asignaciones: pd.DataFrame,
    tipificaciones: pd.DataFrame,
    pagos: pd.DataFrame,
    catalogo: pd.DataFrame,
    por: list[str] | None,
    desde: date | None,
    hasta: date | None,
    dias_gracia: int,
    tolerancia_pct: float,
    fecha: date,
) -> pd.DataFrame:
    """Embudo por grupo (una fila por grupo; una sola fila «Total» si ``por`` está vacío).

    ``grupo`` es la etiqueta del grupo: ``"Total"``, el valor de la dimensión, o
    ``"A / B"`` con dos dimensiones. Los datos pueden traer todo el historial: aquí se
    filtra el periodo ``[desde, hasta]`` (ambos incluidos; ``None`` = sin límite).

    Ejemplo: ``calcular_embudo(asig, tip, pag, cat, ["tratamiento"], date(2025, 7, 1),
    date(2025, 7, 31), 2, 5.0, date(2025, 8, 3))``.

    Con millones de filas: cada ``cliente_id`` se convierte una sola vez en un entero y todo lo
    demás (última asignación, mejor nivel, promesas, pagos) son operaciones sobre arreglos.
    Para abrir los mismos datos de varias maneras, :func:`calcular_embudos` hace ese trabajo una vez.
    """
    return calcular_embudos(asignaciones, tipificaciones, pagos, catalogo, [por], desde, hasta, dias_gracia,
                            tolerancia_pct, fecha)[0]


def calcular_embudos(
    asignaciones: pd.DataFrame,
    tipificaciones: pd.DataFrame,
    pagos: pd.DataFrame,
    catalogo: pd.DataFrame,
    pors: list[list[str] | str | None],
    desde: date | None,
    hasta: date | None,
    dias_gracia: int,
    tolerancia_pct: float,
    fecha: date,
) -> list[pd.DataFrame]:
    """Un embudo por cada elemento de ``pors`` (como :func:`calcular_embudo`), calculando una sola vez lo de cada deudor.

    Ejemplo: ``por_tratamiento, por_variante = calcular_embudos(asig, tip, pag, cat, [["tratamiento"],
    ["segmento", "variante"]], desde, hasta, 2, 5.0, fecha)``.

    Cada tabla lleva en ``attrs["pagos_del_periodo"]`` la suma de **todos** los pagos del periodo (de
    deudores asignados o no), para cuadrar el embudo con los pagos: recuperado + antes de asignar + pagos
    de deudores no asignados en el periodo.
    """
    dimensiones = [normalizar_por(por) for por in pors]
    por_deudor, filas_ultimas = _por_deudor(asignaciones, tipificaciones, pagos, catalogo, desde, hasta, dias_gracia,
                                            tolerancia_pct, fecha)
    etiquetas: dict[str, np.ndarray] = {}
    tablas = []
    for dims in dimensiones:
        for dim in dims:
            if dim not in etiquetas:
                etiquetas[dim] = _etiquetas(_objetos(asignaciones, dim, filas_ultimas))
        tablas.append(_agregar(por_deudor.assign(**{dim: etiquetas[dim] for dim in dims}), dims))
    total_pagos = pagos_del_periodo(pagos, desde, hasta)
    for tabla in tablas:
        tabla.attrs["pagos_del_periodo"] = total_pagos
    return tablas


def pagos_del_periodo(pagos: pd.DataFrame, desde: date | None, hasta: date | None) -> float:
    """La suma de los pagos con ``fecha`` en el periodo, sean de quien sean."""
    if not len(pagos):
        return 0.0
    en_periodo = dias_en_periodo(dias_enteros(_columna(pagos, "fecha")), desde, hasta)
    montos = pd.to_numeric(_columna(pagos, "monto"), errors="coerce").to_numpy(dtype="float64")
    return round(float(np.nansum(montos[en_periodo])), 2)


def _por_deudor(
    asignaciones: pd.DataFrame,
    tipificaciones: pd.DataFrame,
    pagos: pd.DataFrame,
    catalogo: pd.DataFrame,
    desde: date | None,
    hasta: date | None,
    dias_gracia: int,
    tolerancia_pct: float,
    fecha: date,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Una fila por deudor asignado en el periodo con sus pasos y montos, y la fila de su última asignación."""
    # 0. Un entero por deudor, el mismo en las tres tablas (una sola pasada por los textos).
    en_periodo = dias_en_periodo(dias_enteros(_columna(asignaciones, "fecha")), desde, hasta)
    filas_asig = np.flatnonzero(en_periodo)
    vacia = pd.Series([], dtype=object)
    (cod_asig, cod_tip, cod_pag), distintos = codigos_de_deudor([
        _columna(asignaciones, "cliente_id").take(filas_asig),
        _columna(tipificaciones, "cliente_id") if len(tipificaciones) else vacia,
        _columna(pagos, "cliente_id") if len(pagos) else vacia,
    ])
    k = len(distintos)

    # 1. Deudores asignados en el periodo: su última asignación (la última fila registrada de su
    # último momento) y el día de la primera (los pagos anteriores no son recuperación).
    momento = pd.to_datetime(_columna(asignaciones, "fecha"), errors="coerce").to_numpy(dtype="datetime64[ns]")
    momento = momento[filas_asig].astype(np.int64)
    con_id = cod_asig >= 0
    cod_a, momento, fila_a = cod_asig[con_id], momento[con_id], filas_asig[con_id]
    ultimo = np.full(k, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(ultimo, cod_a, momento)
    en_ultimo = momento == ultimo[cod_a]
    fila_ultima = np.full(k, -1, dtype=np.int64)
    np.maximum.at(fila_ultima, cod_a[en_ultimo], fila_a[en_ultimo])
    dia_a = momento // _NS_DIA  # días (el momento no está vacío: está en el periodo)
    primera_dia = np.full(k, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(primera_dia, cod_a, dia_a)
    # Orden de los deudores: el de su última asignación (como si se ordenaran las filas).
    asignados = np.flatnonzero(fila_ultima >= 0)
    asignados = asignados[np.lexsort((fila_ultima[asignados], ultimo[asignados]))]
    n = len(asignados)
    posicion = np.full(k + 1, -1, dtype=np.int64)  # la última casilla recibe el código -1 (vacío)
    posicion[asignados] = np.arange(n)
    primera = primera_dia[asignados]
    filas_ultimas = fila_ultima[asignados]

    por_deudor = pd.DataFrame(index=range(n))
    saldo = pd.to_numeric(_columna(asignaciones, "saldo_vencido"), errors="coerce").to_numpy(dtype="float64")
    por_deudor["saldo_asignado"] = np.nan_to_num(saldo[filas_ultimas])

    # 2. Mejor nivel de cada deudor en el periodo.
    cat = preparar_catalogo(catalogo)
    mejor = np.full(n, -2, dtype=np.int64)  # -2 = sin intentos
    promesas = np.zeros(n, dtype=np.int64)
    cumplidas = np.zeros(n, dtype=np.int64)
    prometido = np.zeros(n, dtype="float64")
    if n and len(tipificaciones):
        rango = rangos_por_fila(_columna(tipificaciones, "codigo"), cat)
        dia_t = dias_enteros(_columna(tipificaciones, "fecha_hora"))
        deudor_t = posicion[cod_tip]
        cuenta = dias_en_periodo(dia_t, desde, hasta) & (deudor_t >= 0)
        np.maximum.at(mejor, deudor_t[cuenta], rango[cuenta])

        # 3. Promesas hechas en el periodo y su cumplimiento (pagos hasta ``fecha``). Se evalúan
        # también las anteriores al periodo (se llevan pagos primero), solo de deudores asignados.
        dia = dia_entero(fecha)
        es_promesa = rango == RANGO_NIVEL["promesa"]
        if (cod_tip[es_promesa] < 0).any():
            # Una promesa sin cliente es la del cliente «» (así la evalúa ``evaluar_promesas``).
            vacio = np.flatnonzero(distintos == "")
            if len(vacio):
                deudor_t = np.where(es_promesa & (cod_tip < 0), posicion[vacio[0]], deudor_t)
        filas_p = np.flatnonzero(es_promesa & (deudor_t >= 0) & (dia_t != SIN_DIA) & (dia_t <= dia))
        if len(filas_p):
            deudor_p = deudor_t[filas_p]
            momento_p = pd.to_datetime(_columna(tipificaciones, "fecha_hora"), errors="coerce").to_numpy(
                dtype="datetime64[ns]")[filas_p].astype(np.int64)
            orden = np.lexsort((momento_p, deudor_p))
            filas_p, deudor_p = filas_p[orden], deudor_p[orden]
            inicio = dia_t[filas_p]
            prometida = dias_enteros(_columna(tipificaciones, "fecha_promesa"))[filas_p]
            vence = np.where(prometida == SIN_DIA, inicio, prometida) + int(dias_gracia)
            monto = pd.to_numeric(_columna(tipificaciones, "monto_promesa"), errors="coerce").to_numpy(
                dtype="float64")[filas_p]
            umbral = np.where(np.isnan(monto), 0.005, monto * (1.0 - float(tolerancia_pct) / 100.0))
            umbral = np.maximum(umbral, 0.005)  # cumplir exige haber pagado algo
            pagado = np.zeros(len(filas_p), dtype="float64")
            if len(pagos):
                con_promesa = np.zeros(n + 1, dtype=bool)  # la última casilla: pagos de no asignados
                con_promesa[deudor_p] = True
                deudor_g = posicion[cod_pag]
                dia_g = dias_enteros(_columna(pagos, "fecha"))
                monto_g = pd.to_numeric(_columna(pagos, "monto"), errors="coerce").to_numpy(dtype="float64")
                sirve = np.flatnonzero(con_promesa[deudor_g] & (dia_g != SIN_DIA) & (dia_g <= dia) & (monto_g > 0))
                orden = np.lexsort((dia_g[sirve], deudor_g[sirve]))  # estable: a igual día, el orden de llegada
                sirve = sirve[orden]
                pagado = repartir_pagos(deudor_p, inicio, vence, umbral, deudor_g[sirve], dia_g[sirve], monto_g[sirve])
            del_periodo = dias_en_periodo(inicio, desde, hasta)
            quien = deudor_p[del_periodo]
            np.add.at(promesas, quien, 1)
            np.add.at(cumplidas, quien, (pagado >= umbral)[del_periodo].astype(np.int64))
            np.add.at(prometido, quien, np.nan_to_num(monto[del_periodo]))
    por_deudor["asignadas"] = 1
    por_deudor["gestionadas"] = (mejor >= -1).astype(np.int64)
    por_deudor["contactadas"] = (mejor >= RANGO_NIVEL["contacto_tercero"]).astype(np.int64)
    por_deudor["contacto_titular"] = (mejor >= RANGO_NIVEL["contacto_titular"]).astype(np.int64)
    por_deudor["promesas"] = (promesas > 0).astype(np.int64)
    por_deudor["promesas_cumplidas"] = (cumplidas > 0).astype(np.int64)
    por_deudor["monto_prometido"] = prometido

    # 4. Pagos del periodo de los deudores asignados, desde el día de su primera asignación.
    recuperado = np.zeros(n, dtype="float64")
    antes_de_asignar = np.zeros(n, dtype="float64")
    if n and len(pagos):
        deudor_g = posicion[cod_pag]
        dia_g = dias_enteros(_columna(pagos, "fecha"))
        del_periodo = dias_en_periodo(dia_g, desde, hasta) & (deudor_g >= 0)
        cuenta = del_periodo.copy()
        cuenta[cuenta] = dia_g[cuenta] >= primera[deudor_g[cuenta]]
        antes = del_periodo & ~cuenta
        montos = np.nan_to_num(pd.to_numeric(_columna(pagos, "monto"), errors="coerce").to_numpy(dtype="float64"))
        recuperado = np.bincount(deudor_g[cuenta], weights=montos[cuenta], minlength=n).astype("float64")
        antes_de_asignar = np.bincount(deudor_g[antes], weights=montos[antes], minlength=n).astype("float64")
    por_deudor["monto_recuperado"] = recuperado
    por_deudor["monto_antes_de_asignar"] = antes_de_asignar
    return por_deudor, filas_ultimas


def _agregar(por_deudor: pd.DataFrame, dims: list[str]) -> pd.DataFrame:
    """Suma los deudores de cada grupo y agrega conversiones y tasas (columnas de :func:`columnas_embudo`)."""
    columnas = columnas_embudo(dims)
    sumas = list(PASOS) + list(MONTOS)
    if dims:
        tabla = por_deudor.groupby(dims, sort=True, dropna=False)[sumas].sum().reset_index()
        grupo = tabla[dims[0]].astype(str)
        if len(dims) > 1:
            grupo = grupo + " / " + tabla[dims[1]].astype(str)
        tabla["grupo"] = grupo.to_numpy(dtype=object)
    else:
        tabla = por_deudor[sumas].sum().to_frame().T
        tabla["grupo"] = "Total"
    for paso in PASOS:
        tabla[paso] = tabla[paso].astype(np.int64)
    for monto in MONTOS:
        tabla[monto] = tabla[monto].astype("float64").round(2)
    for previo, paso in zip(PASOS[:-1], PASOS[1:]):
        tabla[f"conv_{paso}"] = _dividir(tabla[paso], tabla[previo])
        tabla[f"tasa_{paso}"] = _dividir(tabla[paso], tabla["asignadas"])
    tabla["tasa_recuperacion"] = _dividir(tabla["monto_recuperado"], tabla["saldo_asignado"])
    return tabla[columnas].reset_index(drop=True)


# --------------------------------------------------------------------------- metas e hipótesis

#: Indicador de cada meta del libro de estrategia: (numerador, denominador).
INDICADORES_META = {
    "cobertura": ("gestionadas", "asignadas"),
    "contacto": ("contactadas", "gestionadas"),
    "promesa": ("promesas", "contacto_titular"),
    "cumplimiento": ("promesas_cumplidas", "promesas"),
    "recuperacion": ("monto_recuperado", "saldo_asignado"),
}


def _como_fraccion(valor) -> float:
    """Una meta escrita como 95, "95 %", 0,95 o 0.95 → 0.95; vacía o ilegible → NaN."""
    if valor is None or (isinstance(valor, float) and np.isnan(valor)):
        return np.nan
    try:
        numero = float(str(valor).replace("%", "").replace(",", ".").strip())
    except ValueError:
        return np.nan
    return numero if numero <= 1 else numero / 100


def comparar_metas(embudo: pd.DataFrame, metas: pd.DataFrame) -> pd.DataFrame:
    """Metas de cada tratamiento junto a lo logrado, y si la hipótesis se sostiene.

    ``embudo`` es el resultado de :func:`calcular_embudo` abierto por ``tratamiento`` (con
    o sin otra dimensión: se suma por tratamiento). ``metas`` trae ``tratamiento`` y
    columnas ``meta_cobertura``, ``meta_contacto``, ``meta_promesa``, ``meta_cumplimiento``,
    ``meta_recuperacion`` (en % o fracción). Indicadores (:data:`INDICADORES_META`):
    cobertura = gestionadas / asignadas; contacto = contactadas / gestionadas;
    promesa = promesas / contacto_titular; cumplimiento = promesas_cumplidas / promesas;
    recuperacion = monto_recuperado / saldo_asignado.

    Devuelve una fila por tratamiento e indicador con meta: ``tratamiento``, ``indicador``,
    ``meta``, ``real`` (fracciones; ``real`` vacío si el denominador es cero), ``cumple``
    (``True``/``False``, vacío sin datos) e ``hipotesis_se_cumple`` (todas las metas con
    datos cumplidas, y al menos una con datos).
    """
    if "tratamiento" not in embudo.columns:
        raise ErrorUso("Para comparar con las metas, abra el embudo por tratamiento.", "Use --por tratamiento.")
    usadas = sorted({columna for par in INDICADORES_META.values() for columna in par})
    sumas = embudo.groupby("tratamiento", sort=True)[usadas].sum()
    filas = []
    for fila in metas.itertuples(index=False):
        trat = getattr(fila, "tratamiento")
        for indicador, (num, den) in INDICADORES_META.items():
            columna = f"meta_{indicador}"
            if columna not in metas.columns:
                continue
            meta = _como_fraccion(getattr(fila, columna))
            if pd.isna(meta):
                continue
            real = np.nan
            if trat in sumas.index and sumas.loc[trat, den] > 0:
                real = float(sumas.loc[trat, num]) / float(sumas.loc[trat, den])
            filas.append({"tratamiento": trat, "indicador": indicador, "meta": float(meta), "real": real,
                          "cumple": None if np.isnan(real) else bool(real >= meta)})
    tabla = pd.DataFrame(filas, columns=["tratamiento", "indicador", "meta", "real", "cumple"])
    con_datos = tabla[tabla["cumple"].notna()]
    veredicto = con_datos.groupby("tratamiento")["cumple"].agg(lambda c: bool(all(c)))
    tabla["hipotesis_se_cumple"] = tabla["tratamiento"].map(veredicto).astype(object)
    tabla["hipotesis_se_cumple"] = tabla["hipotesis_se_cumple"].where(tabla["hipotesis_se_cumple"].notna(), None)
    return tabla


# --------------------------------------------------------------------------- campeón y retador

MUESTRA_MINIMA = 30


def _pct(valor: float) -> str:
    return f"{valor * 100:.1f}".replace(".", ",") + " %"


def _p(valor: float) -> str:
    return f"{valor:.3f}".replace(".", ",")


def prueba_dos_proporciones(exitos_a: int, n_a: int, exitos_b: int, n_b: int) -> float:
    """Valor p (dos colas) de la prueba z de diferencia de dos proporciones con varianza combinada."""
    if n_a == 0 or n_b == 0:
        return float("nan")
    combinada = (exitos_a + exitos_b) / (n_a + n_b)
    error = np.sqrt(combinada * (1 - combinada) * (1 / n_a + 1 / n_b))
    if error == 0:
        return 1.0
    z = (exitos_a / n_a - exitos_b / n_b) / error
    return float(math.erfc(abs(z) / math.sqrt(2)))


def comparar_variantes(
    embudo: pd.DataFrame,
    paso: str = "promesas_cumplidas",
    campeon: str | dict | None = None,
    alfa: float = 0.05,
    dentro: str = "tratamiento",
    brazo: str = "variante",
) -> pd.DataFrame:
    """Campeón contra retador(es) dentro de cada grupo ``dentro``: ``paso`` / ``asignadas`` y un veredicto.

    ``embudo`` abierto por ``dentro`` y ``brazo`` (por defecto ``tratamiento`` y ``variante``; en
    la estrategia el campeón y el retador suelen ser dos tratamientos de un mismo segmento:
    ``dentro="segmento"``). El campeón es ``campeon`` (un nombre, o un dict grupo → nombre); si no
    se da o no está, la variante llamada ``campeon``/``campeón``/``control``; si tampoco, la de más
    deudores asignados. El veredicto dice, en palabras, si la diferencia es clara (prueba z de dos
    proporciones, ``alfa`` 5 %) o si la muestra es demasiado chica para saberlo (menos de
    :data:`MUESTRA_MINIMA` deudores por variante, o menos de 5 éxitos o fracasos esperados); en ese
    caso ``valor_p`` queda vacío (NaN): la prueba no vale.
    La primera columna de la salida se llama como ``dentro``.
    """
    if not {dentro, brazo} <= set(embudo.columns):
        if dentro == "tratamiento":
            raise ErrorUso("Para comparar variantes, abra el embudo por tratamiento y variante.",
                           "Use --por tratamiento,variante.")
        raise ErrorUso(f"Para comparar variantes, abra el embudo por {dentro} y {brazo}.",
                       f"Use --por {dentro},{brazo}.")
    if paso not in PASOS[1:]:
        raise ErrorUso(f"«{paso}» no es un paso del embudo.", f"Use uno de: {', '.join(PASOS[1:])}.")
    filas = []
    for nombre_grupo, grupo in embudo.groupby(dentro, sort=True):
        grupo = grupo.groupby(brazo)[["asignadas", paso]].sum()
        if len(grupo) < 2:
            continue
        nombres = {str(v).strip().lower(): v for v in grupo.index}
        pedido = campeon.get(nombre_grupo) if isinstance(campeon, dict) else campeon
        elegido = pedido if pedido in grupo.index else next(
            (nombres[n] for n in ("campeon", "campeón", "control") if n in nombres), grupo["asignadas"].idxmax()
        )
        n_c, e_c = int(grupo.loc[elegido, "asignadas"]), int(grupo.loc[elegido, paso])
        for variante, datos in grupo.drop(index=elegido).iterrows():
            n_r, e_r = int(datos["asignadas"]), int(datos[paso])
            tasa_c = e_c / n_c if n_c else np.nan
            tasa_r = e_r / n_r if n_r else np.nan
            p = prueba_dos_proporciones(e_r, n_r, e_c, n_c)
            combinada = (e_c + e_r) / (n_c + n_r) if (n_c + n_r) else 0.0
            esperados = min(n * q for n in (n_c, n_r) for q in (combinada, 1 - combinada))
            # Con la muestra chica la prueba z no vale: no se informa un valor p que parezca decir algo.
            if min(n_c, n_r) < MUESTRA_MINIMA:
                p = np.nan
                veredicto = (f"Muestra demasiado pequeña para saber: {n_r} deudores en «{variante}» y {n_c} en "
                             f"«{elegido}»; hacen falta al menos {MUESTRA_MINIMA} por variante.")
            elif esperados < 5:
                # hay deudores, pero tan pocos éxitos (o fracasos) que la prueba z no vale todavía
                p = np.nan
                veredicto = (f"Muy pocos resultados para saber: {e_r} de {n_r} en «{variante}» y {e_c} de {n_c} en "
                             f"«{elegido}»; hacen falta al menos 5 éxitos y 5 fracasos esperados por variante.")
            elif p < alfa:
                sentido = "mejor" if tasa_r > tasa_c else "peor"
                veredicto = (f"«{variante}» funciona {sentido} que «{elegido}» ({_pct(tasa_r)} contra {_pct(tasa_c)}); "
                             f"la diferencia es clara (p = {_p(p)}).")
            else:
                veredicto = (f"No hay diferencia clara entre «{variante}» y «{elegido}» "
                             f"({_pct(tasa_r)} contra {_pct(tasa_c)}, p = {_p(p)}).")
            filas.append({dentro: nombre_grupo, "campeon": elegido, "retador": variante, "paso": paso,
                          "asignadas_campeon": n_c, "exitos_campeon": e_c, "tasa_campeon": tasa_c,
                          "asignadas_retador": n_r, "exitos_retador": e_r, "tasa_retador": tasa_r,
                          "valor_p": p, "veredicto": veredicto})
    columnas = [dentro, "campeon", "retador", "paso", "asignadas_campeon", "exitos_campeon", "tasa_campeon",
                "asignadas_retador", "exitos_retador", "tasa_retador", "valor_p", "veredicto"]
    return pd.DataFrame(filas, columns=columnas)
