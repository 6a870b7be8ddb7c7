"""Asesores en forma: productividad, efectividad, calidad y metas de cada asesor.

Lógica pura sobre DataFrames (las tablas de la bitácora). Definiciones (cada tasa con su
denominador escrito):

Productividad
- ``intentos``: tipificaciones del periodo registradas a nombre del asesor (las que no traen
  asesor, como las de la marcación automática, no son de nadie y no cuentan aquí).
- ``intentos_sin_hora``: intentos registrados exactamente a las 00:00:00, la «hora desconocida»
  (las tipificaciones que vuelven en el libro de la lista traen el día pero no la hora). No se
  usan para las horas trabajadas, ni para los intentos por hora, ni para revisar el horario.
- ``horas_trabajadas``: por cada día, el lapso entre su primer y su último intento con hora,
  sumado sobre los días (un día con un solo intento con hora suma 0). ``intentos_por_hora`` =
  intentos con hora / horas trabajadas (vacío si las horas son 0 o no hay intentos con hora).
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
  (informativo): pagos de los deudores asignados al asesor hechos desde el día de la primera
  asignación del deudor a ese asesor en el periodo (incluido) hasta el fin del periodo; lo que el
  deudor pagó antes de que se lo asignaran no cuenta.

Calidad
- ``promesas_sin_monto_o_fecha``: intentos con código de nivel ``promesa`` sin monto positivo o sin fecha;
- ``duplicados``: intentos repetidos: mismo asesor, deudor, código y canal en el mismo minuto
  (se cuentan los que sobran);
- ``fuera_de_horario``: intentos fuera de los días y horas permitidos por ``reglas_contacto`` para
  el país del deudor (``paises``; si no se conoce, el país por defecto): un día no permitido (el
  domingo, en general) o una hora antes de ``hora_inicio`` o después de ``hora_fin`` (los sábados,
  las horas de sábado si las hay). Los festivos no se revisan aquí, ni los intentos sin hora
  (00:00:00): de ellos no se sabe la hora.
- ``incoherentes_canal``: códigos de contacto (nivel ``contacto_tercero`` o más) en un canal masivo
  (SMS, WhatsApp, correo, carta: un envío masivo no conversa con nadie; si el deudor responde y se
  conversa, la gestión se tipifica en el canal donde se conversó).
- ``fuera_de_catalogo``: códigos que ya no están en el catálogo.

Metas y semáforo
- Las metas de cada asesor son el promedio de las metas (``meta_cobertura``, ``meta_contacto``,
  ``meta_promesa``, ``meta_cumplimiento``) de los tratamientos de sus deudores asignados, pesado
  por deudores. ``logro`` de cada indicador = real / meta, **topado en 1** (pasarse de una meta
  no tapa otra: 100 % de promesa contra una meta de 25 % cuenta 1, no 4). Un indicador sin datos
  (denominador 0) o sin meta queda fuera. ``indice_metas`` = promedio de los logros con dato.
  Semáforo: ``verde`` si el índice es ≥ 0,9, ``amarillo`` si es ≥ 0,7, ``rojo`` si es menor;
  ``sin datos`` si tiene metas pero ningún indicador con datos; vacío si no tiene metas.
  ``puesto``: orden por índice (1 = el mejor).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from limonero_cli.nucleo.promesas import evaluar_promesas
from limonero_cli.nucleo.tipificaciones import RANGO_NIVEL, preparar_catalogo, rango_de_codigos

#: Umbrales del semáforo sobre el índice de metas (promedio de real / meta, cada uno topado en 1).
UMBRAL_VERDE = 0.9
UMBRAL_AMARILLO = 0.7
#: Semáforo de quien tiene metas pero ningún indicador con datos.
SIN_DATOS = "sin datos"

#: Indicadores con meta: (columna real, columna de meta de la estrategia).
INDICADORES = (
    ("cobertura", "meta_cobertura"),
    ("tasa_contacto", "meta_contacto"),
    ("tasa_promesa", "meta_promesa"),
    ("tasa_cumplimiento", "meta_cumplimiento"),
)

COLUMNAS_ASESORES = (
    "asesor", "intentos", "intentos_sin_hora", "dias_trabajados", "horas_trabajadas", "intentos_por_hora",
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


def sin_hora(fecha_hora: pd.Series) -> np.ndarray:
    """Máscara de los intentos con «hora desconocida»: exactamente las 00:00:00 (solo traen el día)."""
    fechas = pd.to_datetime(fecha_hora, errors="coerce")
    return (fechas.notna() & (fechas == fechas.dt.normalize())).to_numpy(dtype=bool)


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
            "fecha": pd.to_datetime(_columna(asignaciones, "fecha"), errors="coerce").dt.normalize().to_numpy(
                dtype="datetime64[ns]")[en_periodo],
        }
    )
    a = a[a["asesor"].notna() & a["cliente_id"].notna()]

    asesores = pd.Index(sorted(set(t["asesor"]) | set(a["asesor"])), dtype=object, name="asesor")
    r = pd.DataFrame(index=asesores)

    # Productividad. Los intentos sin hora (00:00:00) cuentan como intentos y como días, pero no
    # dan horas trabajadas ni entran en los intentos por hora.
    desconocida = sin_hora(t["fecha_hora"])
    r["intentos"] = t.groupby("asesor").size().reindex(asesores, fill_value=0)
    r["intentos_sin_hora"] = pd.Series(desconocida).groupby(t["asesor"]).sum().reindex(asesores, fill_value=0)
    dia = t["fecha_hora"].dt.normalize()
    r["dias_trabajados"] = t.assign(dia=dia).drop_duplicates(["asesor", "dia"]).groupby("asesor").size().reindex(
        asesores, fill_value=0)
    con_hora = t[~desconocida]
    jornadas = con_hora.assign(dia=dia[~desconocida]).groupby(["asesor", "dia"])["fecha_hora"].agg(["min", "max"])
    jornadas["horas"] = (jornadas["max"] - jornadas["min"]).dt.total_seconds() / 3600
    r["horas_trabajadas"] = jornadas.groupby(level="asesor")["horas"].sum().reindex(asesores, fill_value=0.0).round(4)
    intentos_con_hora = r["intentos"] - r["intentos_sin_hora"]
    r["intentos_por_hora"] = _dividir(intentos_con_hora, r["horas_trabajadas"]).where(intentos_con_hora > 0)

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

    # Pagos de su cartera desde la primera asignación de cada deudor al asesor en el periodo.
    en_periodo = _en_periodo(_columna(pagos, "fecha"), desde, hasta)
    p = pd.DataFrame(
        {
            "cliente_id": _columna(pagos, "cliente_id").to_numpy(dtype=object)[en_periodo],
            "fecha": pd.to_datetime(_columna(pagos, "fecha"), errors="coerce").dt.normalize().to_numpy(
                dtype="datetime64[ns]")[en_periodo],
            "monto": pd.to_numeric(_columna(pagos, "monto"), errors="coerce").to_numpy(dtype="float64")[en_periodo],
        }
    )
    primeras = a.groupby(["asesor", "cliente_id"], sort=False)["fecha"].min().reset_index()
    cartera = primeras.merge(p, on="cliente_id", how="inner")
    cartera = cartera[cartera["fecha_y"] >= cartera["fecha_x"]]
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
    fuera = _fuera_de_horario(t["fecha_hora"], pais, reglas_contacto or {}) & ~desconocida
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
    # Cada logro topado en 1: superar una meta no compensa quedarse corto en otra.
    logros = pd.DataFrame({real: (r[real] / r[meta].where(r[meta] > 0)).clip(upper=1.0) for real, meta in INDICADORES})
    r["indice_metas"] = logros.mean(axis=1, skipna=True).round(6)
    con_metas = (r[[meta for _, meta in INDICADORES]] > 0).any(axis=1)
    r["semaforo"] = np.select(
        [r["indice_metas"] >= UMBRAL_VERDE, r["indice_metas"] >= UMBRAL_AMARILLO, r["indice_metas"].notna(),
         con_metas.to_numpy()],
        ["verde", "amarillo", "rojo", SIN_DATOS], default="",
    )
    r["semaforo"] = r["semaforo"].where(r["semaforo"] != "", None).astype(object)
    r["puesto"] = r["indice_metas"].rank(ascending=False, method="min").astype("Int64")
    enteros = ["intentos", "intentos_sin_hora", "dias_trabajados", "deudores_asignados", "asignados_gestionados", "deudores_gestionados",
               "contactados", "contacto_titular", "con_promesa", "promesas", "promesas_cumplidas",
               "promesas_sin_monto_o_fecha", "duplicados", "fuera_de_horario", "incoherentes_canal", "fuera_de_catalogo"]
    for columna in enteros:
        r[columna] = r[columna].astype("int64")
    r = r.reset_index()
    orden = np.lexsort((r["asesor"].astype(str).to_numpy(), r["puesto"].astype("float64").fillna(np.inf).to_numpy()))
    return r.take(orden)[list(COLUMNAS_ASESORES)].reset_index(drop=True)
