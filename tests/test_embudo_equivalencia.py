"""El embudo rápido (enteros por deudor) da exactamente los mismos números que el algoritmo anterior.

El algoritmo anterior (uniones por texto, ``drop_duplicates``, ``get_indexer`` y
``evaluar_promesas`` sobre todas las promesas) se conserva aquí como referencia, tal como estaba,
y se compara cifra por cifra (sin tolerancia) sobre bitácoras aleatorias con semilla: promesas
con y sin monto o fecha, pagos parciales, pagos antes de la asignación, periodos, una y dos
dimensiones, valores vacíos y columnas categóricas. También el reparto de pagos por arreglos
contra el bucle simple de antes.
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest

import limonero_cli.nucleo.promesas as promesas
from limonero_cli.nucleo.embudo import (
    MONTOS,
    PASOS,
    SIN_DATO,
    calcular_embudo,
    calcular_embudos,
    columnas_embudo,
    normalizar_por,
)
from limonero_cli.nucleo.promesas import evaluar_promesas, repartir_pagos
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


# --------------------------------------------------------------- el algoritmo anterior, sin cambios


def _columna(datos, nombre):
    if nombre in datos.columns:
        return datos[nombre]
    return pd.Series([None] * len(datos), index=datos.index, dtype=object)


def _en_periodo(fechas, desde, hasta):
    dias = pd.to_datetime(fechas, errors="coerce").dt.normalize()
    mascara = dias.notna().to_numpy(dtype=bool, copy=True)
    if desde is not None:
        mascara &= (dias >= pd.Timestamp(desde).normalize()).fillna(False).to_numpy(dtype=bool)
    if hasta is not None:
        mascara &= (dias <= pd.Timestamp(hasta).normalize()).fillna(False).to_numpy(dtype=bool)
    return mascara


def _dividir(numerador, denominador):
    num = numerador.astype("float64")
    den = denominador.astype("float64")
    return (num / den).where(den > 0)


def embudo_de_referencia(asignaciones, tipificaciones, pagos, catalogo, por, desde, hasta, dias_gracia,
                         tolerancia_pct, fecha):
    """``calcular_embudo`` tal como era antes de la versión por enteros."""
    dims = normalizar_por(por)
    columnas = columnas_embudo(dims)
    en_periodo = _en_periodo(_columna(asignaciones, "fecha"), desde, hasta)
    asig = pd.DataFrame(
        {
            "cliente_id": _columna(asignaciones, "cliente_id").to_numpy(dtype=object)[en_periodo],
            "fecha": pd.to_datetime(_columna(asignaciones, "fecha"), errors="coerce").to_numpy()[en_periodo],
            "saldo_vencido": pd.to_numeric(_columna(asignaciones, "saldo_vencido"), errors="coerce").to_numpy(
                dtype="float64")[en_periodo],
        }
    )
    for dim in dims:
        asig[dim] = _columna(asignaciones, dim).to_numpy(dtype=object)[en_periodo]
    asig = asig[asig["cliente_id"].notna()]
    asig = asig.sort_values("fecha", kind="stable")
    primera_asignacion = asig.drop_duplicates("cliente_id", keep="first").set_index("cliente_id")["fecha"]
    asig = asig.drop_duplicates("cliente_id", keep="last")
    deudores = pd.Index(asig["cliente_id"].to_numpy(dtype=object))
    n = len(deudores)
    primera = pd.to_datetime(primera_asignacion.reindex(deudores)).dt.normalize().to_numpy(dtype="datetime64[ns]")
    por_deudor = pd.DataFrame(index=range(n))
    for dim in dims:
        valores = asig[dim].astype("string").str.strip()
        valores = valores.where(valores.notna() & (valores != ""), SIN_DATO)
        por_deudor[dim] = valores.to_numpy(dtype=object)
    por_deudor["saldo_asignado"] = np.nan_to_num(asig["saldo_vencido"].to_numpy(dtype="float64"))
    cat = preparar_catalogo(catalogo)
    mejor = np.full(n, -2, dtype=np.int64)
    cuantas = np.zeros(n, dtype=np.int64)
    cumplidas = np.zeros(n, dtype=np.int64)
    prometido = np.zeros(n, dtype="float64")
    if n and len(tipificaciones):
        rango_todas = rango_de_codigos(_columna(tipificaciones, "codigo"), cat)
        mascara = _en_periodo(_columna(tipificaciones, "fecha_hora"), desde, hasta)
        ids = _columna(tipificaciones, "cliente_id").to_numpy(dtype=object)[mascara]
        posicion = deudores.get_indexer(pd.Index(ids, dtype=object))
        rango = rango_todas[mascara]
        asignado = posicion >= 0
        np.maximum.at(mejor, posicion[asignado], rango[asignado])
        es_promesa = rango_todas == RANGO_NIVEL["promesa"]
        columnas_promesa = [c for c in ("cliente_id", "fecha_hora", "codigo", "monto_promesa", "fecha_promesa")
                            if c in tipificaciones.columns]
        evaluadas = evaluar_promesas(
            tipificaciones.loc[es_promesa, columnas_promesa], pagos, catalogo, dias_gracia, tolerancia_pct, fecha
        )
        evaluadas = evaluadas[_en_periodo(evaluadas["fecha_hora"], desde, hasta)]
        posicion = deudores.get_indexer(pd.Index(evaluadas["cliente_id"].to_numpy(dtype=object), dtype=object))
        asignado = posicion >= 0
        posicion = posicion[asignado]
        np.add.at(cuantas, posicion, 1)
        np.add.at(cumplidas, posicion, (evaluadas["estado"].to_numpy()[asignado] == "cumplida").astype(np.int64))
        np.add.at(prometido, posicion, np.nan_to_num(evaluadas["monto_promesa"].to_numpy(dtype="float64")[asignado]))
    por_deudor["asignadas"] = 1
    por_deudor["gestionadas"] = (mejor >= -1).astype(np.int64)
    por_deudor["contactadas"] = (mejor >= RANGO_NIVEL["contacto_tercero"]).astype(np.int64)
    por_deudor["contacto_titular"] = (mejor >= RANGO_NIVEL["contacto_titular"]).astype(np.int64)
    por_deudor["promesas"] = (cuantas > 0).astype(np.int64)
    por_deudor["promesas_cumplidas"] = (cumplidas > 0).astype(np.int64)
    por_deudor["monto_prometido"] = prometido
    recuperado = np.zeros(n, dtype="float64")
    antes_de_asignar = np.zeros(n, dtype="float64")
    if n and len(pagos):
        mascara = _en_periodo(_columna(pagos, "fecha"), desde, hasta)
        ids = _columna(pagos, "cliente_id").to_numpy(dtype=object)[mascara]
        posicion = deudores.get_indexer(pd.Index(ids, dtype=object))
        montos = np.nan_to_num(pd.to_numeric(_columna(pagos, "monto"), errors="coerce").to_numpy(dtype="float64")[mascara])
        dias_pago = pd.to_datetime(_columna(pagos, "fecha"), errors="coerce").dt.normalize().to_numpy(
            dtype="datetime64[ns]")[mascara]
        asignado = posicion >= 0
        antes = asignado.copy()
        antes[antes] = dias_pago[antes] < primera[posicion[antes]]
        antes_de_asignar = np.bincount(posicion[antes], weights=montos[antes], minlength=n).astype("float64")
        asignado[asignado] = dias_pago[asignado] >= primera[posicion[asignado]]
        recuperado = np.bincount(posicion[asignado], weights=montos[asignado], minlength=n).astype("float64")
    por_deudor["monto_recuperado"] = recuperado
    por_deudor["monto_antes_de_asignar"] = antes_de_asignar
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


def reparto_de_referencia(cod_prom, ini_p, ven_p, umbral, cod_pag, fec_g, mon_g):
    """El bucle simple de antes: deudor por deudor, promesa por promesa, pago por pago."""
    pagado = np.zeros(len(cod_prom), dtype="float64")
    comunes = np.intersect1d(cod_prom, cod_pag)
    p_desde = np.searchsorted(cod_prom, comunes, side="left")
    p_hasta = np.searchsorted(cod_prom, comunes, side="right")
    g_desde = np.searchsorted(cod_pag, comunes, side="left")
    g_hasta = np.searchsorted(cod_pag, comunes, side="right")
    for pd_, ph, gd, gh in zip(p_desde.tolist(), p_hasta.tolist(), g_desde.tolist(), g_hasta.tolist()):
        usado = [False] * (gh - gd)
        for i in range(pd_, ph):
            total = 0.0
            for k in range(gd, gh):
                if usado[k - gd] or fec_g[k] < ini_p[i]:
                    continue
                if fec_g[k] > ven_p[i]:
                    break
                usado[k - gd] = True
                total += mon_g[k]
                if total >= umbral[i]:
                    break
            pagado[i] = total
    return pagado


# --------------------------------------------------------------- bitácora aleatoria con semilla


def bitacora_aleatoria(semilla, deudores=400, n_asig=1200, n_tips=6000, n_pagos=1500):
    rng = np.random.default_rng(semilla)
    ids = np.array([f"{rng.integers(10**9, 10**10)}" for _ in range(deudores)], dtype=object)
    dias = pd.date_range("2025-02-20", "2025-03-31")
    fechas_asig = dias[rng.integers(0, len(dias), n_asig)]
    # Algunas asignaciones con hora (el desempate de la última es la hora y luego el orden de llegada).
    fechas_asig = fechas_asig + pd.to_timedelta(np.where(rng.random(n_asig) < 0.2, rng.integers(0, 86_400, n_asig), 0),
                                                unit="s")
    asig = pd.DataFrame(
        {
            "fecha": fechas_asig,
            "cliente_id": ids[rng.integers(0, deudores, n_asig)],
            "tratamiento": rng.choice(["Contención", "Solución", " Solución ", "", None, "Recuperación"], n_asig,
                                      p=[0.35, 0.3, 0.05, 0.05, 0.05, 0.2]),
            "etapa": rng.choice(["Temprana", "Media", "Tardía", None], n_asig, p=[0.4, 0.3, 0.25, 0.05]),
            "canal": rng.choice(["llamada", "sms", "whatsapp"], n_asig),
            "saldo_vencido": np.where(rng.random(n_asig) < 0.03, np.nan, rng.integers(100, 100_000, n_asig) / 7),
        }
    )
    asig.loc[rng.random(n_asig) < 0.02, "cliente_id"] = None
    asig.loc[rng.random(n_asig) < 0.01, "fecha"] = pd.NaT
    tid = np.where(rng.random(n_tips) < 0.08, "NUNCA", ids[rng.integers(0, deudores, n_tips)]).astype(object)
    tid[rng.random(n_tips) < 0.01] = None
    cuando = pd.Timestamp("2025-02-15") + pd.to_timedelta(rng.integers(0, 50 * 86_400, n_tips), unit="s")
    codigo = rng.choice(["NC", "TT", "CT", "NEG", "PP", "YP", "PR", " pp", "XX"], n_tips,
                        p=[0.4, 0.08, 0.12, 0.08, 0.15, 0.04, 0.05, 0.03, 0.05]).astype(object)
    es_promesa = np.isin(codigo, ["PP", "PR", " pp"])
    monto = np.where(es_promesa, rng.integers(5_000, 200_000, n_tips) / 100, np.nan)
    monto[es_promesa & (rng.random(n_tips) < 0.1)] = np.nan  # promesa sin monto: cualquier pago la cumple
    para = pd.Series(cuando.normalize() + pd.to_timedelta(rng.integers(0, 10, n_tips), unit="D"))
    para = para.where(es_promesa & (rng.random(n_tips) > 0.1))  # algunas sin fecha: vencen el mismo día
    tips = pd.DataFrame({"cliente_id": tid, "fecha_hora": cuando, "codigo": codigo, "monto_promesa": monto,
                         "fecha_promesa": para})
    tips.loc[rng.random(n_tips) < 0.01, "fecha_hora"] = pd.NaT
    pid = np.where(rng.random(n_pagos) < 0.05, "NUNCA", ids[rng.integers(0, deudores, n_pagos)]).astype(object)
    parcial = rng.choice([1.0, 1.0, 0.5, 0.3, 0.95], n_pagos)
    pag = pd.DataFrame(
        {
            "cliente_id": pid,
            "fecha": pd.Timestamp("2025-02-15") + pd.to_timedelta(rng.integers(0, 50, n_pagos), unit="D"),
            "monto": np.round(rng.integers(1_000, 150_000, n_pagos) / 100 * parcial, 2),
        }
    )
    pag.loc[rng.random(n_pagos) < 0.02, "monto"] = np.nan
    pag.loc[rng.random(n_pagos) < 0.02, "monto"] = -50.0
    pag.loc[rng.random(n_pagos) < 0.01, "fecha"] = pd.NaT
    return asig, tips, pag


PERIODOS = [(None, None), (date(2025, 3, 1), date(2025, 3, 15)), (date(2025, 3, 5), None), (None, date(2025, 3, 10))]
POR = [None, ["tratamiento"], ["tratamiento", "etapa"], ["canal", "tratamiento"], ["etapa"]]


@pytest.mark.parametrize("semilla", range(6))
def test_igual_al_algoritmo_anterior(semilla):
    asig, tips, pag = bitacora_aleatoria(semilla)
    rng = np.random.default_rng(100 + semilla)
    for desde, hasta in PERIODOS:
        por = POR[int(rng.integers(0, len(POR)))]
        gracia, tolerancia = int(rng.integers(0, 4)), float(rng.choice([0.0, 5.0, 20.0]))
        fecha = date(2025, 3, int(rng.integers(12, 32)))
        args = (CATALOGO, por, desde, hasta, gracia, tolerancia, fecha)
        nuevo = calcular_embudo(asig, tips, pag, *args)
        anterior = embudo_de_referencia(asig, tips, pag, *args)
        pd.testing.assert_frame_equal(nuevo, anterior, check_exact=True)
        assert nuevo["promesas"].sum() > 0


def test_igual_con_columnas_categoricas():
    """La bitácora puede entregar clientes y códigos como ``category``: mismas cifras."""
    asig, tips, pag = bitacora_aleatoria(11)
    cat_asig = asig.assign(cliente_id=asig["cliente_id"].astype("category"), tratamiento=asig["tratamiento"].astype("category"))
    cat_tips = tips.assign(cliente_id=tips["cliente_id"].astype("category"), codigo=tips["codigo"].astype("category"))
    cat_pag = pag.assign(cliente_id=pag["cliente_id"].astype("category"))
    for desde, hasta in PERIODOS[:2]:
        args = (CATALOGO, ["tratamiento", "etapa"], desde, hasta, 2, 5.0, date(2025, 3, 31))
        anterior = embudo_de_referencia(asig, tips, pag, *args)
        pd.testing.assert_frame_equal(calcular_embudo(cat_asig, cat_tips, cat_pag, *args), anterior, check_exact=True)


def test_igual_en_casos_borde():
    asig, tips, pag = bitacora_aleatoria(3, deudores=30, n_asig=60, n_tips=300, n_pagos=80)
    args = (CATALOGO, ["tratamiento"], date(2025, 3, 1), date(2025, 3, 20), 2, 5.0, date(2025, 3, 31))
    casos = {
        "sin pagos": (asig, tips, pag.iloc[:0]),
        "sin tipificaciones": (asig, tips.iloc[:0], pag),
        "sin asignaciones en el periodo": (asig[asig["fecha"] < "2025-03-01"], tips, pag),
        "sin columnas de promesa": (asig, tips[["cliente_id", "fecha_hora", "codigo"]], pag),
        "sin promesas": (asig, tips[~tips["codigo"].isin(["PP", "PR", " pp"])], pag),
        "índices desordenados": (asig.sample(frac=1, random_state=1), tips.sample(frac=1, random_state=2),
                                 pag.sample(frac=1, random_state=3)),
    }
    for nombre, (a, t, p) in casos.items():
        pd.testing.assert_frame_equal(calcular_embudo(a, t, p, *args), embudo_de_referencia(a, t, p, *args),
                                      check_exact=True, obj=nombre)


def test_varios_embudos_de_una_vez_igual_que_por_separado():
    asig, tips, pag = bitacora_aleatoria(21)
    args = (date(2025, 3, 1), date(2025, 3, 20), 2, 5.0, date(2025, 3, 31))
    pors = [["tratamiento"], ["canal", "tratamiento"], None, "etapa"]
    juntos = calcular_embudos(asig, tips, pag, CATALOGO, pors, *args)
    assert len(juntos) == len(pors)
    for por, tabla in zip(pors, juntos):
        pd.testing.assert_frame_equal(tabla, embudo_de_referencia(asig, tips, pag, CATALOGO, por, *args), check_exact=True)


@pytest.mark.parametrize("limite", [1, 2, 16])
def test_reparto_por_arreglos_igual_al_bucle(monkeypatch, limite):
    """El reparto vectorial (y el bucle para deudores grandes) suma lo mismo, bit a bit."""
    monkeypatch.setattr(promesas, "_LIMITE_VECTORIAL", limite)
    for semilla in range(40):
        rng = np.random.default_rng(semilla)
        nd, npr, ng = int(rng.integers(1, 40)), int(rng.integers(0, 300)), int(rng.integers(0, 300))
        cp = rng.integers(0, nd, npr)
        ini = rng.integers(0, 30, npr)
        orden = np.lexsort((ini, cp))
        cp, ini = cp[orden], ini[orden]
        ven = ini + rng.integers(0, 10, npr)
        umbral = np.maximum(rng.integers(0, 3000, npr) * 0.95 / 7, 0.005)
        cg, fg = rng.integers(0, nd, ng), rng.integers(0, 40, ng)
        mg = rng.integers(1, 100_000, ng) / 100 * 1.1
        orden = np.lexsort((fg, cg))
        cg, fg, mg = cg[orden], fg[orden], mg[orden]
        esperado = reparto_de_referencia(cp, ini, ven, umbral, cg, fg, mg)
        assert np.array_equal(repartir_pagos(cp, ini, ven, umbral, cg, fg, mg), esperado), semilla
