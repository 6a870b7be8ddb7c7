"""Asesores en forma: productividad, efectividad, calidad y metas de cada asesor.

Lógica pura sobre DataFrames (las tablas de la bitácora). Definiciones (cada tasa con su
denominador escrito):

Productividad
- ``intentos``: tipificaciones del periodo registradas a nombre del asesor (las que no traen
  asesor, como las de la marcación automática, no son de nadie y no cuentan aquí).
- ``horas_trabajadas``: por cada día, el lapso entre su primer y su último intento, sumado sobre
  los días (un día con un solo intento suma 0). ``intentos_por_hora`` = intentos / horas
  trabajadas (vacío si las horas son 0).
- ``deudores_asignados``: deudores (``cliente_id``) con al menos una asignación del periodo a su
  nombre. ``cobertura`` = asignados que el asesor intentó en el periodo / asignados.

Efectividad (sobre los deudores que el asesor intentó en el periodo, ``deudores_gestionados``;
el nivel de cada deudor es el mejor de los intentos de ESTE asesor)
- ``tasa_contacto`` = deudores con nivel ≥ ``contacto_tercero`` / gestionados;
- ``tasa_titular`` = deudores con nivel ≥ ``contacto_titular`` / gestionados;
- ``tasa_promesa`` = deudores con al menos una promesa del asesor / deudores con contacto titular;
- ``tasa_cumplimiento`` = promesas cumplidas / promesas hechas por el asesor en el periodo
  (contadas una a una; el cumplimiento se evalúa como en :mod:`limonero_cli.nucleo.promesas`,
  con pagos hasta ``fecha``).
- ``monto_recuperado``: lo que los pagos aportaron a las promesas del asesor (el ``pagado`` que el
  reparto de pagos asignó a cada una de sus promesas del periodo). Cada pago se reparte una sola
  vez entre las promesas del deudor, así que un peso nunca se acredita a dos asesores, y un pago
  de un deudor al que nadie le tomó promesa no se acredita a ningún asesor. ``monto_cartera``
  (informativo): pagos del periodo de los deudores asignados al asesor.

Calidad
- ``promesas_sin_monto_o_fecha``: intentos con código de nivel ``promesa`` sin monto positivo o sin fecha;
- ``duplicados``: intentos repetidos: mismo asesor, deudor, código y canal en el mismo minuto
  (se cuentan los que sobran);
- ``fuera_de_horario``: intentos fuera de los días y horas permitidos por ``reglas_contacto`` para
  el país del deudor (``paises``; si no se conoce, el país por defecto): un día no permitido (el
  domingo, en general) o una hora antes de ``hora_inicio`` o después de ``hora_fin`` (los sábados,
  las horas de sábado si las hay). Los festivos no se revisan aquí.
- ``incoherentes_canal``: códigos de contacto (nivel ``contacto_tercero`` o más) en un canal masivo
  (SMS, WhatsApp, correo, carta: un envío masivo no conversa con nadie; si el deudor responde y se
  conversa, la gestión se tipifica en el canal donde se conversó).
- ``fuera_de_catalogo``: códigos que ya no están en el catálogo.

Metas y semáforo
- Las metas de cada asesor son el promedio de las metas (``meta_cobertura``, ``meta_contacto``,
  ``meta_promesa``, ``meta_cumplimiento``) de los tratamientos de sus deudores asignados, pesado
  por deudores. ``logro`` de cada indicador = real / meta; ``indice_metas`` = promedio de los
  logros con dato. Semáforo: ``verde`` si el índice es ≥ 1 (en promedio cumple sus metas),
  ``amarillo`` si es ≥ 0,8, ``rojo`` si es menor; vacío sin metas o sin datos. ``puesto``: orden
  por índice (1 = el mejor).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from limonero_cli.nucleo.promesas import evaluar_promesas
from limonero_cli.nucleo.tipificaciones import RANGO_NIVEL, preparar_catalogo, rango_de_codigos

#: Umbrales del semáforo sobre el índice de metas (promedio de real / meta).
UMBRAL_VERDE = 1.0
UMBRAL_AMARILLO = 0.8

#: Indicadores con meta: (columna real, columna de meta de la estrategia).
INDICADORES = (
    ("cobertura", "meta_cobertura"),
    ("tasa_contacto", "meta_contacto"),
    ("tasa_promesa", "meta_promesa"),
    ("tasa_cumplimiento", "meta_cumplimiento"),
)

COLUMNAS_ASESORES = (
    "asesor", "intentos", "dias_trabajados", "horas_trabajadas", "intentos_por_hora",
    "deudores_asignados", "asignados_gestionados", "cobertura",
    "deudores_gestionados", "contactados", "contacto_titular", "con_promesa",
    "tasa_contacto", "tasa_titular", "tasa_promesa",
    "promesas", "promesas_cumplidas", "tasa_cumplimiento", "monto_prometido", "monto_recuperado", "monto_cartera",
    "promesas_sin_monto_o_fecha", "duplicados", "fuera_de_horario", "incoherentes_canal", "fuera_de_catalogo",
    "meta_cobertura", "meta_contacto", "meta_promesa", "meta_cumplimiento", "indice_metas", "semaforo", "puesto",
)


def _columna(datos: pd.DataFrame, nombre: str) -> pd.Series:
    if nombre in datos.columns:
        return datos[nombre]
    return pd.Series([None] * len(datos), index=datos.index, dtype=object)


def _texto(serie: pd.Series) -> pd.Series:
    texto = serie.astype("string").str.strip()
    return texto.where(texto != "").astype(object).where(texto.notna() & (texto != ""), None)


def _en_periodo(fechas: pd.Series, desde: date | None, hasta: date | None) -> np.ndarray:
    dias = pd.to_datetime(fechas, errors="coerce").dt.normalize()
    mascara = dias.notna().to_numpy(dtype=bool, copy=True)
    if desde is not None:
        mascara &= (dias >= pd.Timestamp(desde)).fillna(False).to_numpy(dtype=bool)
    if hasta is not None:
        mascara &= (dias <= pd.Timestamp(hasta)).fillna(False).to_numpy(dtype=bool)
    return mascara


def _dividir(num, den) -> pd.Series:
    num = pd.Series(num, dtype="float64")
    den = pd.Series(den, dtype="float64", index=num.index)
    return (num / den).where(den > 0)


def _fuera_de_horario(fecha_hora: pd.Series, paises: pd.Series, reglas: dict) -> np.ndarray:
    """Máscara de intentos fuera de los días y horas permitidos de su país (``reglas``: país → regla)."""
    fuera = np.zeros(len(fecha_hora), dtype=bool)
    if not reglas or not len(fecha_hora):
        return fuera
    dia_semana = fecha_hora.dt.day_of_week.to_numpy()
    minutos = (fecha_hora.dt.hour * 60 + fecha_hora.dt.minute + fecha_hora.dt.second / 60).to_numpy(dtype="float64")
    pais = paises.to_numpy(dtype=object)
    for codigo, regla in reglas.items():
        del_pais = pais == codigo
        if not del_pais.any():
            continue
        for dia in range(7):
            mascara = del_pais & (dia_semana == dia)
            if not mascara.any():
                continue
            horario = regla.horario(dia)
            if horario is None:
                fuera |= mascara
            else:
                inicio, fin = horario
                fuera |= mascara & ((minutos < inicio * 60) | (minutos > fin * 60))
    return fuera


def calcular_asesores(
    asignaciones: pd.DataFrame,
    tipificaciones: pd.DataFrame,
    pagos: pd.DataFrame,
    catalogo: pd.DataFrame,
    desde: date | None,
    hasta: date | None,
    dias_gracia: int,
    tolerancia_pct: float,
    fecha: date,
    reglas_contacto: dict | None = None,
    pais_por_defecto: str | None = None,
    paises: pd.Series | None = None,
    canales_masivos: set[str] | frozenset[str] = frozenset(),
    metas: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Una fila por asesor con sus números del periodo ``[desde, hasta]`` (ver las definiciones del módulo).

    ``reglas_contacto``: país → :class:`~limonero_cli.estrategia.modelo.ReglaContacto`;
    ``paises``: país de cada deudor (índice ``cliente_id``); ``canales_masivos``: nombres (en
    minúsculas) de los canales de tipo masivo; ``metas``: ``tratamiento`` y columnas ``meta_*``
    en fracción. Columnas de salida: :data:`COLUMNAS_ASESORES`, ordenadas por ``puesto``.
    """
    cat = preparar_catalogo(catalogo)

    # --- intentos del periodo con asesor
    en_periodo = _en_periodo(_columna(tipificaciones, "fecha_hora"), desde, hasta)
    t = pd.DataFrame(
        {
            "asesor": _texto(_columna(tipificaciones, "asesor")).to_numpy(dtype=object)[en_periodo],
            "cliente_id": _columna(tipificaciones, "cliente_id").to_numpy(dtype=object)[en_periodo],
            "fecha_hora": pd.to_datetime(_columna(tipificaciones, "fecha_hora"), errors="coerce").to_numpy()[en_periodo],
            "canal": _texto(_columna(tipificaciones, "canal")).to_numpy(dtype=object)[en_periodo],
            "codigo": _columna(tipificaciones, "codigo").to_numpy(dtype=object)[en_periodo],
            "monto_promesa": pd.to_numeric(_columna(tipificaciones, "monto_promesa"), errors="coerce").to_numpy(
                dtype="float64")[en_periodo],
            "fecha_promesa": pd.to_datetime(_columna(tipificaciones, "fecha_promesa"), errors="coerce").to_numpy()[
                en_periodo],
        }
    )
    t = t[t["asesor"].notna()].reset_index(drop=True)
    t["fecha_hora"] = t["fecha_hora"].astype("datetime64[ns]")
    t["rango"] = rango_de_codigos(t["codigo"], cat)

    # --- asignaciones del periodo con asesor
    en_periodo = _en_periodo(_columna(asignaciones, "fecha"), desde, hasta)
    a = pd.DataFrame(
        {
            "asesor": _texto(_columna(asignaciones, "asesor")).to_numpy(dtype=object)[en_periodo],
            "cliente_id": _columna(asignaciones, "cliente_id").to_numpy(dtype=object)[en_periodo],
            "tratamiento": _columna(asignaciones, "tratamiento").to_numpy(dtype=object)[en_periodo],
        }
    )
    a = a[a["asesor"].notna() & a["cliente_id"].notna()]

    asesores = pd.Index(sorted(set(t["asesor"]) | set(a["asesor"])), dtype=object, name="asesor")
    r = pd.DataFrame(index=asesores)

    # Productividad.
    r["intentos"] = t.groupby("asesor").size().reindex(asesores, fill_value=0)
    dia = t["fecha_hora"].dt.normalize()
    jornadas = t.assign(dia=dia).groupby(["asesor", "dia"])["fecha_hora"].agg(["min", "max"])
    jornadas["horas"] = (jornadas["max"] - jornadas["min"]).dt.total_seconds() / 3600
    r["dias_trabajados"] = jornadas.groupby(level="asesor").size().reindex(asesores, fill_value=0)
    r["horas_trabajadas"] = jornadas.groupby(level="asesor")["horas"].sum().reindex(asesores, fill_value=0.0).round(4)
    r["intentos_por_hora"] = _dividir(r["intentos"], r["horas_trabajadas"])

    # Cobertura de su lista.
    pares_asig = a[["asesor", "cliente_id"]].drop_duplicates()
    pares_int = t[["asesor", "cliente_id"]].drop_duplicates()
    r["deudores_asignados"] = pares_asig.groupby("asesor").size().reindex(asesores, fill_value=0)
    cubiertos = pares_asig.merge(pares_int, on=["asesor", "cliente_id"], how="inner")
    r["asignados_gestionados"] = cubiertos.groupby("asesor").size().reindex(asesores, fill_value=0)
    r["cobertura"] = _dividir(r["asignados_gestionados"], r["deudores_asignados"])

    # Efectividad por deudor (mejor nivel de los intentos de este asesor).
    mejor = t.groupby(["asesor", "cliente_id"])["rango"].max()
    por_asesor = mejor.groupby(level="asesor")
    r["deudores_gestionados"] = por_asesor.size().reindex(asesores, fill_value=0)
    r["contactados"] = (mejor >= RANGO_NIVEL["contacto_tercero"]).groupby(level="asesor").sum().reindex(asesores, fill_value=0)
    r["contacto_titular"] = (mejor >= RANGO_NIVEL["contacto_titular"]).groupby(level="asesor").sum().reindex(
        asesores, fill_value=0)
    es_promesa = (t["rango"] == RANGO_NIVEL["promesa"]).to_numpy()
    r["con_promesa"] = t[es_promesa].drop_duplicates(["asesor", "cliente_id"]).groupby("asesor").size().reindex(
        asesores, fill_value=0)
    r["tasa_contacto"] = _dividir(r["contactados"], r["deudores_gestionados"])
    r["tasa_titular"] = _dividir(r["contacto_titular"], r["deudores_gestionados"])
    r["tasa_promesa"] = _dividir(r["con_promesa"], r["contacto_titular"])

    # Promesas del asesor y su cumplimiento (todas las promesas del historial llevan pagos en orden).
    todas = tipificaciones
    rango_todas = rango_de_codigos(_columna(todas, "codigo"), cat)
    columnas = [c for c in ("cliente_id", "fecha_hora", "asesor", "codigo", "monto_promesa", "fecha_promesa")
                if c in todas.columns]
    evaluadas = evaluar_promesas(todas.loc[rango_todas == RANGO_NIVEL["promesa"], columnas], pagos, catalogo,
                                 dias_gracia, tolerancia_pct, fecha)
    evaluadas = evaluadas[_en_periodo(evaluadas["fecha_hora"], desde, hasta)]
    evaluadas = evaluadas.assign(asesor=_texto(evaluadas["asesor"]))
    evaluadas = evaluadas[evaluadas["asesor"].notna()]
    por_asesor = evaluadas.groupby("asesor")
    r["promesas"] = por_asesor.size().reindex(asesores, fill_value=0)
    r["promesas_cumplidas"] = (evaluadas["estado"] == "cumplida").groupby(evaluadas["asesor"]).sum().reindex(
        asesores, fill_value=0)
    r["tasa_cumplimiento"] = _dividir(r["promesas_cumplidas"], r["promesas"])
    r["monto_prometido"] = por_asesor["monto_promesa"].sum().reindex(asesores, fill_value=0.0).round(2)
    r["monto_recuperado"] = por_asesor["pagado"].sum().reindex(asesores, fill_value=0.0).round(2)

    en_periodo = _en_periodo(_columna(pagos, "fecha"), desde, hasta)
    p = pd.DataFrame(
        {
            "cliente_id": _columna(pagos, "cliente_id").to_numpy(dtype=object)[en_periodo],
            "monto": pd.to_numeric(_columna(pagos, "monto"), errors="coerce").to_numpy(dtype="float64")[en_periodo],
        }
    )
    por_deudor = p.groupby("cliente_id")["monto"].sum()
    cartera = pares_asig.assign(monto=pares_asig["cliente_id"].map(por_deudor).fillna(0.0))
    r["monto_cartera"] = cartera.groupby("asesor")["monto"].sum().reindex(asesores, fill_value=0.0).round(2)

    # Calidad.
    sin_monto_fecha = es_promesa & ~((t["monto_promesa"] > 0).to_numpy() & t["fecha_promesa"].notna().to_numpy())
    r["promesas_sin_monto_o_fecha"] = pd.Series(sin_monto_fecha).groupby(t["asesor"]).sum().reindex(asesores, fill_value=0)
    minuto = t["fecha_hora"].dt.floor("min")
    repetido = pd.DataFrame({"a": t["asesor"], "c": t["cliente_id"], "k": t["codigo"].astype(str),
                             "n": t["canal"].astype(str), "m": minuto}).duplicated()
    r["duplicados"] = repetido.groupby(t["asesor"]).sum().reindex(asesores, fill_value=0)
    if paises is not None and len(paises):
        pais = t["cliente_id"].map(paises)
        pais = pais.where(pais.notna(), pais_por_defecto)
    else:
        pais = pd.Series([pais_por_defecto] * len(t), index=t.index, dtype=object)
    fuera = _fuera_de_horario(t["fecha_hora"], pais, reglas_contacto or {})
    r["fuera_de_horario"] = pd.Series(fuera).groupby(t["asesor"]).sum().reindex(asesores, fill_value=0)
    masivo = t["canal"].astype("string").str.strip().str.lower().isin(set(canales_masivos)).fillna(False).to_numpy()
    incoherente = masivo & (t["rango"] >= RANGO_NIVEL["contacto_tercero"]).to_numpy()
    r["incoherentes_canal"] = pd.Series(incoherente).groupby(t["asesor"]).sum().reindex(asesores, fill_value=0)
    r["fuera_de_catalogo"] = (t["rango"] < 0).groupby(t["asesor"]).sum().reindex(asesores, fill_value=0)

    # Metas y semáforo.
    for _, columna_meta in INDICADORES:
        r[columna_meta] = np.nan
    if metas is not None and len(metas) and len(a):
        tabla = metas.drop_duplicates("tratamiento").set_index("tratamiento")
        deudores = a.drop_duplicates(["asesor", "cliente_id"], keep="last")
        for _, columna_meta in INDICADORES:
            if columna_meta in tabla.columns:
                valores = deudores["tratamiento"].map(pd.to_numeric(tabla[columna_meta], errors="coerce"))
                r[columna_meta] = valores.groupby(deudores["asesor"]).mean().reindex(asesores)
    logros = pd.DataFrame({real: r[real] / r[meta].where(r[meta] > 0) for real, meta in INDICADORES})
    r["indice_metas"] = logros.mean(axis=1, skipna=True).round(6)
    r["semaforo"] = np.select(
        [r["indice_metas"] >= UMBRAL_VERDE, r["indice_metas"] >= UMBRAL_AMARILLO, r["indice_metas"].notna()],
        ["verde", "amarillo", "rojo"], default="",
    )
    r["semaforo"] = r["semaforo"].where(r["semaforo"] != "", None).astype(object)
    r["puesto"] = r["indice_metas"].rank(ascending=False, method="min").astype("Int64")
    enteros = ["intentos", "dias_trabajados", "deudores_asignados", "asignados_gestionados", "deudores_gestionados",
               "contactados", "contacto_titular", "con_promesa", "promesas", "promesas_cumplidas",
               "promesas_sin_monto_o_fecha", "duplicados", "fuera_de_horario", "incoherentes_canal", "fuera_de_catalogo"]
    for columna in enteros:
        r[columna] = r[columna].astype("int64")
    r = r.reset_index()
    orden = np.lexsort((r["asesor"].astype(str).to_numpy(), r["puesto"].astype("float64").fillna(np.inf).to_numpy()))
    return r.take(orden)[list(COLUMNAS_ASESORES)].reset_index(drop=True)
