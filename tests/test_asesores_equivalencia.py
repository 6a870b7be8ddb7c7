"""Asesores por enteros: exactamente los mismos números que el algoritmo anterior.

El algoritmo anterior (textos, ``groupby`` por asesor y deudor, ``drop_duplicates``, uniones y
``evaluar_promesas`` sobre todas las promesas) se conserva aquí como referencia, tal como estaba,
y se compara cifra por cifra (sin tolerancia) sobre bitácoras aleatorias con semilla: promesas
con y sin monto o fecha, pagos parciales y anteriores a la asignación, intentos sin hora,
duplicados, fuera de horario, canales masivos, asesores con espacios, periodos y columnas
categóricas.
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from limonero_cli.estrategia.cargar import estrategia_por_defecto
from limonero_cli.nucleo.asesores import COLUMNAS_ASESORES, INDICADORES, SIN_DATOS, UMBRAL_AMARILLO, UMBRAL_VERDE
from limonero_cli.nucleo.asesores import calcular_asesores
from limonero_cli.nucleo.promesas import evaluar_promesas
from limonero_cli.nucleo.tipificaciones import NIVELES, RANGO_NIVEL, preparar_catalogo, rango_de_codigos

CATALOGO = pd.DataFrame(
    {
        "codigo": ["NC", "TT", "CT", "NEG", "PP", "YP", "PR"],
        "descripcion": ["No contesta", "Tercero", "Titular", "Negocia", "Promesa", "Ya pagó", "Promesa parcial"],
        "nivel": [*NIVELES, "promesa"],
        "requiere_monto": [False, False, False, False, True, False, False],
        "requiere_fecha": [False, False, False, False, True, False, False],
        "final": [False] * 7,
        "peso": [1, 2, 3, 4, 5, 6, 5],
    }
)
REGLAS = {r.pais: r for r in estrategia_por_defecto().reglas_contacto}
MASIVOS = {"sms", "whatsapp", "email", "carta"}
METAS = pd.DataFrame({"tratamiento": ["T1", "T2", "T1"], "meta_cobertura": [0.9, 0.5, 0.1], "meta_contacto": [0.5, 0.5, 0.1],
                      "meta_promesa": [0.5, 0.2, 0.1], "meta_cumplimiento": ["0.5", 0.5, 0.1]})


# --------------------------------------------------------------- el algoritmo anterior, sin cambios


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


def asesores_de_referencia(
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
    """``calcular_asesores`` tal como era antes de la versión por enteros."""
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


# --------------------------------------------------------------- bitácora aleatoria con semilla


def bitacora_aleatoria(semilla, deudores=300, n_asig=900, n_tips=6000, n_pagos=1200):
    rng = np.random.default_rng(semilla)
    ids = np.array([f"{rng.integers(10**9, 10**10)}" for _ in range(deudores)], dtype=object)
    nombres = np.array(["ana", "luis", " ana", "marta ", "pedro", "", None, "sofia"], dtype=object)
    dias = pd.date_range("2025-02-20", "2025-03-31")
    asig = pd.DataFrame(
        {
            "fecha": dias[rng.integers(0, len(dias), n_asig)],
            "cliente_id": ids[rng.integers(0, deudores, n_asig)],
            "asesor": nombres[rng.integers(0, 7, n_asig)],  # sofia no tiene lista
            "tratamiento": rng.choice(np.array(["T1", "T2", "T3", None], dtype=object), n_asig),
        }
    )
    asig.loc[rng.random(n_asig) < 0.02, "cliente_id"] = None
    tid = np.where(rng.random(n_tips) < 0.05, "NUNCA", ids[rng.integers(0, deudores, n_tips)]).astype(object)
    tid[rng.random(n_tips) < 0.01] = None
    segundos = rng.integers(0, 50 * 86_400, n_tips)
    repetidos = n_tips // 40
    segundos[:repetidos] = segundos[repetidos: 2 * repetidos] + rng.integers(0, 90, repetidos)  # mismo minuto o no
    sin_hora = rng.random(n_tips) < 0.04
    segundos[sin_hora] = segundos[sin_hora] // 86_400 * 86_400
    cuando = pd.Timestamp("2025-02-15") + pd.to_timedelta(segundos, unit="s")
    codigo = rng.choice(np.array(["NC", "TT", "CT", "NEG", "PP", "YP", "PR", " pp", "XX"], dtype=object), n_tips,
                        p=[0.35, 0.08, 0.12, 0.08, 0.18, 0.04, 0.05, 0.03, 0.07])
    es_promesa = np.isin(codigo, ["PP", "PR", " pp"])
    monto = np.where(es_promesa, rng.integers(5_000, 200_000, n_tips) / 100, np.nan)
    monto[es_promesa & (rng.random(n_tips) < 0.1)] = np.nan
    para = pd.Series(cuando.normalize() + pd.to_timedelta(rng.integers(0, 10, n_tips), unit="D"))
    para = para.where(es_promesa & (rng.random(n_tips) > 0.1))
    tips = pd.DataFrame(
        {
            "cliente_id": tid,
            "fecha_hora": cuando,
            "asesor": nombres[rng.integers(0, 8, n_tips)],
            "canal": rng.choice(np.array(["llamada", "sms", " WhatsApp", "visita", None], dtype=object), n_tips,
                                p=[0.6, 0.1, 0.1, 0.15, 0.05]),
            "codigo": codigo,
            "monto_promesa": monto,
            "fecha_promesa": para,
        }
    )
    columnas = ["cliente_id", "asesor", "canal", "codigo"]
    tips.loc[: repetidos - 1, columnas] = tips.loc[repetidos: 2 * repetidos - 1, columnas].to_numpy()
    tips.loc[rng.random(n_tips) < 0.01, "fecha_hora"] = pd.NaT
    pid = np.where(rng.random(n_pagos) < 0.05, "NUNCA", ids[rng.integers(0, deudores, n_pagos)]).astype(object)
    pag = pd.DataFrame(
        {
            "cliente_id": pid,
            "fecha": pd.Timestamp("2025-02-15") + pd.to_timedelta(rng.integers(0, 50, n_pagos), unit="D"),
            "monto": np.round(rng.integers(1_000, 150_000, n_pagos) / 100 * rng.choice([1.0, 0.5, 0.3, 0.95], n_pagos), 2),
        }
    )
    pag.loc[rng.random(n_pagos) < 0.02, "monto"] = np.nan
    pag.loc[rng.random(n_pagos) < 0.01, "fecha"] = pd.NaT
    paises = pd.Series(rng.choice(np.array(["CO", "MX", "PE", None], dtype=object), deudores), index=ids)
    return asig, tips, pag, paises


PERIODOS = [(None, None), (date(2025, 3, 1), date(2025, 3, 15)), (date(2025, 3, 5), None), (None, date(2025, 3, 10))]


def ambos(asig, tips, pag, desde, hasta, fecha, gracia=2, tolerancia=5.0, **opciones):
    args = (CATALOGO, desde, hasta, gracia, tolerancia, fecha)
    return calcular_asesores(asig, tips, pag, *args, **opciones), asesores_de_referencia(asig, tips, pag, *args, **opciones)


@pytest.mark.parametrize("semilla", range(5))
def test_igual_al_algoritmo_anterior(semilla):
    asig, tips, pag, paises = bitacora_aleatoria(semilla)
    rng = np.random.default_rng(200 + semilla)
    for desde, hasta in PERIODOS:
        opciones = dict(reglas_contacto=REGLAS, pais_por_defecto="CO", canales_masivos=MASIVOS, metas=METAS)
        if rng.random() < 0.5:
            opciones["paises"] = paises
        gracia, tolerancia = int(rng.integers(0, 4)), float(rng.choice([0.0, 5.0, 20.0]))
        nuevo, anterior = ambos(asig, tips, pag, desde, hasta, date(2025, 3, int(rng.integers(12, 32))), gracia,
                                tolerancia, **opciones)
        pd.testing.assert_frame_equal(nuevo, anterior, check_exact=True)
        assert nuevo["promesas"].sum() > 0 and nuevo["duplicados"].sum() > 0 and nuevo["fuera_de_horario"].sum() > 0


def test_igual_con_columnas_categoricas():
    asig, tips, pag, paises = bitacora_aleatoria(9)
    opciones = dict(reglas_contacto=REGLAS, pais_por_defecto="CO", canales_masivos=MASIVOS, metas=METAS, paises=paises)
    anterior = asesores_de_referencia(asig, tips, pag, CATALOGO, None, None, 2, 5.0, date(2025, 3, 31), **opciones)
    cat_tips = tips.assign(**{c: tips[c].astype("category") for c in ("cliente_id", "asesor", "canal", "codigo")})
    cat_asig = asig.assign(cliente_id=asig["cliente_id"].astype("category"), asesor=asig["asesor"].astype("category"))
    cat_pag = pag.assign(cliente_id=pag["cliente_id"].astype("category"))
    nuevo = calcular_asesores(cat_asig, cat_tips, cat_pag, CATALOGO, None, None, 2, 5.0, date(2025, 3, 31), **opciones)
    pd.testing.assert_frame_equal(nuevo, anterior, check_exact=True)


def test_igual_en_casos_borde():
    asig, tips, pag, _ = bitacora_aleatoria(4, deudores=25, n_asig=50, n_tips=300, n_pagos=60)
    casos = {
        "sin pagos": (asig, tips, pag.iloc[:0]),
        "sin tipificaciones": (asig, tips.iloc[:0], pag),
        "sin asignaciones": (asig.iloc[:0], tips, pag),
        "sin reglas ni metas": (asig, tips, pag),
        "índices desordenados": (asig.sample(frac=1, random_state=1), tips.sample(frac=1, random_state=2),
                                 pag.sample(frac=1, random_state=3)),
    }
    for nombre, (a, t, p) in casos.items():
        opciones = {} if nombre == "sin reglas ni metas" else dict(
            reglas_contacto=REGLAS, pais_por_defecto="CO", canales_masivos=MASIVOS, metas=METAS)
        nuevo, anterior = ambos(a, t, p, date(2025, 3, 1), date(2025, 3, 20), date(2025, 3, 31), **opciones)
        pd.testing.assert_frame_equal(nuevo, anterior, check_exact=True, obj=nombre)
