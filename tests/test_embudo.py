"""El embudo: cada cifra recalculada a mano o con código independiente."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from limonero_cli.bitacora import Bitacora
from limonero_cli.errores import ErrorUso
from limonero_cli.nucleo.embudo import PASOS, calcular_embudo, columnas_embudo
from limonero_cli.nucleo.tipificaciones import NIVELES

CATALOGO = pd.DataFrame(
    {
        "codigo": ["NC", "TT", "CT", "NEG", "PP", "YP"],
        "descripcion": ["No contesta", "Tercero", "Titular", "Negocia", "Promesa", "Ya pagó"],
        "nivel": list(NIVELES),
        "requiere_monto": [False, False, False, False, True, False],
        "requiere_fecha": [False, False, False, False, True, False],
        "final": [False] * 6,
        "peso": [1, 2, 3, 4, 5, 6],
    }
)
GRACIA, TOLERANCIA, HOY = 2, 5.0, date(2025, 3, 31)


def asignacion(fecha, cliente, tratamiento, etapa, saldo, canal="llamada"):
    return {"fecha": pd.Timestamp(fecha), "cliente_id": cliente, "tratamiento": tratamiento, "etapa": etapa,
            "saldo_vencido": saldo, "canal": canal, "asesor": "ana"}


def tip(cliente, cuando, codigo, monto=np.nan, para=None):
    return {"cliente_id": cliente, "fecha_hora": pd.Timestamp(cuando), "codigo": codigo, "monto_promesa": monto,
            "fecha_promesa": pd.Timestamp(para) if para else pd.NaT}


def pago(cliente, fecha, monto):
    return {"cliente_id": cliente, "fecha": pd.Timestamp(fecha), "monto": monto}


def libro():
    """Un periodo del 1 al 15 de marzo con seis deudores (y uno fuera del periodo)."""
    asig = pd.DataFrame(
        [
            asignacion("2025-03-01", "A", "Contención", "Temprana", 1000.0),
            asignacion("2025-03-05", "A", "Solución", "Media", 1200.0),  # A cuenta aquí (última)
            asignacion("2025-03-01", "B", "Contención", "Temprana", 500.0),
            asignacion("2025-03-01", "C", "Contención", "Media", 800.0),
            asignacion("2025-03-02", "D", "Solución", "Media", 300.0),
            asignacion("2025-03-02", "E", "Solución", "Media", 700.0),
            asignacion("2025-03-03", "F", "Contención", "Temprana", 400.0),
            asignacion("2025-02-20", "G", "Contención", "Temprana", 999.0),  # fuera del periodo
        ]
    )
    tips = pd.DataFrame(
        [
            tip("A", "2025-03-01 09:00", "NC"),
            tip("A", "2025-03-06 10:00", "PP", 600.0, "2025-03-10"),  # cumplida en dos partes
            tip("B", "2025-03-02 10:00", "TT"),  # tercero
            tip("C", "2025-03-02 11:00", "CT"),
            tip("C", "2025-03-03 11:00", "PP", 400.0, "2025-03-05"),  # pagó un día después de la gracia
            tip("D", "2025-03-03 12:00", "PP", 100.0, "2025-03-04"),
            tip("D", "2025-03-03 12:30", "PP", 100.0, "2025-03-06"),  # dos promesas, un pago
            tip("E", "2025-03-16 12:00", "CT"),  # fuera del periodo
            tip("G", "2025-03-02 12:00", "CT"),  # no asignado en el periodo
            tip("X", "2025-03-02 12:00", "CT"),  # nunca asignado
        ]
    )
    pagos = pd.DataFrame(
        [
            pago("A", "2025-03-07", 300.0),
            pago("A", "2025-03-12", 280.0),
            pago("C", "2025-03-08", 400.0),
            pago("D", "2025-03-04", 200.0),
            pago("F", "2025-03-09", 150.0),  # nunca contactado: recuperado, no promesa cumplida
            pago("B", "2025-03-20", 500.0),  # fuera del periodo
            pago("G", "2025-03-09", 999.0),  # no asignado
        ]
    )
    return asig, tips, pagos


def embudo(por=None, desde=date(2025, 3, 1), hasta=date(2025, 3, 15), datos=None):
    asig, tips, pagos = datos or libro()
    return calcular_embudo(asig, tips, pagos, CATALOGO, por, desde, hasta, GRACIA, TOLERANCIA, HOY)


def test_total_a_mano():
    r = embudo()
    assert r.columns.tolist() == columnas_embudo([])
    fila = r.iloc[0]
    assert fila["grupo"] == "Total"
    # Asignados: A B C D E F (G es de febrero).
    assert fila["asignadas"] == 6
    # Gestionados en el periodo: A B C D (la de E es del 16).
    assert fila["gestionadas"] == 4
    # Contactados (tercero o más): A (promesa), B (tercero), C, D.
    assert fila["contactadas"] == 4
    # Titular o más: A, C, D.
    assert fila["contacto_titular"] == 3
    assert fila["promesas"] == 3
    # A: 300 + 280 = 580 >= 600 * 0,95 = 570 → cumplida. C: pagó el 8, vencía el 7 → no.
    # D: el pago de 200 cumple la primera promesa (se usa entero una vez); la segunda no.
    assert fila["promesas_cumplidas"] == 2
    assert fila["monto_prometido"] == 600.0 + 400.0 + 100.0 + 100.0
    # Pagos del periodo de asignados: A 580, C 400, D 200, F 150 (no B del 20, no G).
    assert fila["monto_recuperado"] == 580.0 + 400.0 + 200.0 + 150.0
    # Saldo de la última asignación: A 1200, B 500, C 800, D 300, E 700, F 400.
    assert fila["saldo_asignado"] == 3900.0
    assert fila["conv_gestionadas"] == pytest.approx(4 / 6)
    assert fila["conv_contacto_titular"] == pytest.approx(3 / 4)
    assert fila["conv_promesas_cumplidas"] == pytest.approx(2 / 3)
    assert fila["tasa_promesas_cumplidas"] == pytest.approx(2 / 6)
    assert fila["tasa_recuperacion"] == pytest.approx(1330.0 / 3900.0)


def test_por_tratamiento_cuenta_la_ultima_asignacion():
    r = embudo(por=["tratamiento"]).set_index("grupo")
    assert r.index.tolist() == ["Contención", "Solución"]
    # Contención: B, C, F. Solución: A (su última), D, E.
    assert r.loc["Contención", ["asignadas", "gestionadas", "contactadas", "contacto_titular", "promesas", "promesas_cumplidas"]].tolist() == [3, 2, 2, 1, 1, 0]
    assert r.loc["Solución", ["asignadas", "gestionadas", "contactadas", "contacto_titular", "promesas", "promesas_cumplidas"]].tolist() == [3, 2, 2, 2, 2, 2]
    assert r.loc["Contención", "monto_recuperado"] == 550.0
    assert r.loc["Solución", "monto_recuperado"] == 780.0
    assert r.loc["Contención", "saldo_asignado"] == 1700.0
    assert r.loc["Contención", "conv_promesas_cumplidas"] == 0.0
    assert r["tratamiento"].tolist() == ["Contención", "Solución"]


def test_dos_dimensiones():
    r = embudo(por="tratamiento, etapa")
    assert r["grupo"].tolist() == ["Contención / Media", "Contención / Temprana", "Solución / Media"]
    assert r["asignadas"].tolist() == [1, 2, 3]
    assert r.columns.tolist()[:3] == ["grupo", "tratamiento", "etapa"]
    assert r["asignadas"].sum() == embudo()["asignadas"].iloc[0]


def test_dimension_vacia_y_sin_asignaciones():
    asig, tips, pagos = libro()
    asig.loc[asig["cliente_id"] == "F", "tratamiento"] = None
    r = embudo(por=["tratamiento"], datos=(asig, tips, pagos))
    assert "(sin dato)" in r["grupo"].tolist()
    vacio = embudo(desde=date(2024, 1, 1), hasta=date(2024, 1, 31))
    assert vacio[list(PASOS)].iloc[0].tolist() == [0] * 6
    assert np.isnan(vacio["conv_gestionadas"].iloc[0])
    assert embudo(por=["canal"], desde=date(2024, 1, 1), hasta=date(2024, 1, 31)).empty


@pytest.mark.parametrize(
    "por, mensaje",
    [(["sucursal"], "No se puede abrir el embudo por «sucursal»"), (["tratamiento", "etapa", "canal"], "una o dos dimensiones"),
     (["etapa", "etapa"], "está repetida")],
)
def test_por_invalido(por, mensaje):
    with pytest.raises(ErrorUso, match=mensaje):
        embudo(por=por)


def test_embudo_desde_una_bitacora(tmp_path):
    asig, tips, pagos = libro()
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        for fecha, grupo in asig.groupby("fecha"):
            b.registrar_asignaciones(fecha.date(), grupo.drop(columns="fecha"))
        b.cargar_tipificaciones(tips, "tips.xlsx")
        b.cargar_pagos(pagos, "pagos.xlsx")
        desde_bitacora = embudo(datos=(b.asignaciones(), b.tipificaciones(), b.pagos()))
    pd.testing.assert_frame_equal(desde_bitacora, embudo())


# --------------------------------------------------------------- generador con semilla y recálculo


def generar(semilla, deudores=2000, tipificaciones=50_000, pagos=6000):
    rng = np.random.default_rng(semilla)
    ids = np.array([f"C{i:05d}" for i in range(deudores)], dtype=object)
    dias = pd.date_range("2025-03-01", "2025-03-31")
    n_asig = deudores * 3
    asig = pd.DataFrame(
        {
            "fecha": dias[rng.integers(0, len(dias), n_asig)],
            "cliente_id": ids[rng.integers(0, deudores, n_asig)],
            "tratamiento": rng.choice(["Contención", "Solución", "Recuperación"], n_asig).astype(object),
            "canal": rng.choice(["llamada", "sms", "whatsapp"], n_asig).astype(object),
            "saldo_vencido": rng.integers(100, 10_000, n_asig).astype(float),
        }
    )
    # Algunos deudores nunca asignados (sus datos no cuentan).
    tid = ids[rng.integers(0, int(deudores * 1.1), tipificaciones) % deudores]
    tid[rng.random(tipificaciones) < 0.05] = "FUERA"
    cuando = pd.Timestamp("2025-02-25") + pd.to_timedelta(rng.integers(0, 40 * 86400, tipificaciones), unit="s")
    codigo = rng.choice(CATALOGO["codigo"].to_numpy(), tipificaciones, p=[0.5, 0.1, 0.15, 0.1, 0.1, 0.05])
    es_promesa = codigo == "PP"
    tips = pd.DataFrame(
        {
            "cliente_id": tid,
            "fecha_hora": cuando,
            "codigo": codigo.astype(object),
            "monto_promesa": np.where(es_promesa, rng.integers(50, 2000, tipificaciones).astype(float), np.nan),
            "fecha_promesa": pd.Series(cuando.normalize() + pd.to_timedelta(rng.integers(0, 10, tipificaciones), unit="D")).where(es_promesa),
        }
    )
    pag = pd.DataFrame(
        {
            "cliente_id": ids[rng.integers(0, deudores, pagos)],
            "fecha": pd.Timestamp("2025-02-25") + pd.to_timedelta(rng.integers(0, 45, pagos), unit="D"),
            "monto": rng.integers(10, 1500, pagos).astype(float),
        }
    )
    return asig, tips, pag


def promesas_a_mano(tips, pag, fecha):
    """Reparto de pagos escrito de nuevo, promesa por promesa, con bucles simples."""
    fecha = pd.Timestamp(fecha)
    prom = tips[(tips["codigo"] == "PP") & (tips["fecha_hora"].dt.normalize() <= fecha)]
    prom = prom.sort_values(["cliente_id", "fecha_hora"], kind="stable")
    pagos_por_deudor = {}
    for q in pag[pag["fecha"] <= fecha].sort_values("fecha", kind="stable").itertuples():
        pagos_por_deudor.setdefault(q.cliente_id, []).append((q.Index, q.fecha, q.monto))
    estados = []
    usados = set()
    for p in prom.itertuples():
        inicio = p.fecha_hora.normalize()
        vence = p.fecha_promesa + pd.Timedelta(days=GRACIA)
        umbral = p.monto_promesa * (1 - TOLERANCIA / 100)
        total = 0.0
        for i, dia, monto in pagos_por_deudor.get(p.cliente_id, []):
            if i in usados or not (inicio <= dia <= vence) or total >= umbral:
                continue
            usados.add(i)
            total += monto
        if total >= umbral:
            estado = "cumplida"
        elif fecha <= vence:
            estado = "pendiente"
        else:
            estado = "parcial" if total > 0 else "incumplida"
        estados.append({"cliente_id": p.cliente_id, "fecha_hora": p.fecha_hora, "monto_promesa": p.monto_promesa, "estado": estado})
    return pd.DataFrame(estados, columns=["cliente_id", "fecha_hora", "monto_promesa", "estado"])


def recalcular(asig, tips, pag, desde, hasta, fecha):
    """Cálculo independiente con merges y groupby, deudor por deudor."""
    d0, d1 = pd.Timestamp(desde), pd.Timestamp(hasta)
    a = asig[(asig["fecha"] >= d0) & (asig["fecha"] <= d1)].copy()
    a["_orden"] = range(len(a))
    ultima = a.sort_values(["fecha", "_orden"]).groupby("cliente_id").tail(1).set_index("cliente_id")
    t = tips[(tips["fecha_hora"].dt.normalize() >= d0) & (tips["fecha_hora"].dt.normalize() <= d1)]
    t = t[t["cliente_id"].isin(ultima.index)]
    rango = dict(zip(CATALOGO["codigo"], range(6)))
    mejor = t.assign(r=t["codigo"].map(rango)).groupby("cliente_id")["r"].max()
    prom = promesas_a_mano(tips, pag, fecha)
    prom = prom[(prom["fecha_hora"].dt.normalize() >= d0) & (prom["fecha_hora"].dt.normalize() <= d1)]
    prom = prom[prom["cliente_id"].isin(ultima.index)]
    primera = a.groupby("cliente_id")["fecha"].min()
    p = pag[(pag["fecha"] >= d0) & (pag["fecha"] <= d1) & pag["cliente_id"].isin(ultima.index)]
    p = p[p["fecha"] >= p["cliente_id"].map(primera)]  # desde su primera asignación del periodo
    filas = []
    for trat, grupo in ultima.groupby("tratamiento"):
        quienes = set(grupo.index)
        m = mejor[mejor.index.isin(quienes)]
        pr = prom[prom["cliente_id"].isin(quienes)]
        filas.append(
            {
                "grupo": trat,
                "asignadas": len(quienes),
                "gestionadas": len(m),
                "contactadas": int((m >= 1).sum()),
                "contacto_titular": int((m >= 2).sum()),
                "promesas": pr["cliente_id"].nunique(),
                "promesas_cumplidas": pr.loc[pr["estado"] == "cumplida", "cliente_id"].nunique(),
                "monto_prometido": round(pr["monto_promesa"].sum(), 2),
                "monto_recuperado": round(p.loc[p["cliente_id"].isin(quienes), "monto"].sum(), 2),
                "saldo_asignado": round(grupo["saldo_vencido"].sum(), 2),
            }
        )
    return pd.DataFrame(filas)


def test_generador_50000_coincide_con_recalculo():
    asig, tips, pag = generar(7)
    desde, hasta, fecha = date(2025, 3, 5), date(2025, 3, 25), date(2025, 3, 31)
    r = calcular_embudo(asig, tips, pag, CATALOGO, ["tratamiento"], desde, hasta, GRACIA, TOLERANCIA, fecha)
    esperado = recalcular(asig, tips, pag, desde, hasta, fecha)
    columnas = esperado.columns.tolist()
    pd.testing.assert_frame_equal(r[columnas].reset_index(drop=True), esperado, check_dtype=False)
    assert (r["promesas_cumplidas"] > 0).all() and (r["promesas"] > r["promesas_cumplidas"]).all()


# --------------------------------------------------------------- propiedad: nunca crece


@settings(max_examples=25, deadline=None)
@given(
    semilla=st.integers(0, 10_000),
    deudores=st.integers(1, 30),
    n_tips=st.integers(0, 120),
    n_pagos=st.integers(0, 40),
    gracia=st.integers(0, 5),
    tolerancia=st.sampled_from([0.0, 5.0, 50.0]),
    por=st.sampled_from([None, ["tratamiento"], ["tratamiento", "canal"], ["canal"]]),
)
def test_propiedad_los_conteos_nunca_crecen(semilla, deudores, n_tips, n_pagos, gracia, tolerancia, por):
    asig, tips, pag = generar(semilla, deudores=deudores, tipificaciones=n_tips, pagos=n_pagos)
    r = calcular_embudo(asig, tips, pag, CATALOGO, por, date(2025, 3, 3), date(2025, 3, 20), gracia, tolerancia, date(2025, 3, 31))
    conteos = r[list(PASOS)].to_numpy()
    assert (np.diff(conteos, axis=1) <= 0).all()
    assert (conteos >= 0).all()
    total = calcular_embudo(asig, tips, pag, CATALOGO, None, date(2025, 3, 3), date(2025, 3, 20), gracia, tolerancia, date(2025, 3, 31))
    # Cada deudor cae en un solo grupo: los grupos suman el total.
    assert (r[list(PASOS)].sum().to_numpy() == total[list(PASOS)].iloc[0].to_numpy()).all()


# --------------------------------------------------------------- metas y variantes

from limonero_cli.nucleo.embudo import comparar_metas, comparar_variantes, prueba_dos_proporciones  # noqa: E402


def test_metas_junto_a_lo_logrado():
    r = embudo(por=["tratamiento", "etapa"])
    metas = pd.DataFrame(
        {
            "tratamiento": ["Contención", "Solución", "Recuperación"],
            "meta_cobertura": [95, "60 %", 0.5],
            "meta_cumplimiento": ["50", 0.9, None],
            "meta_recuperacion": [0.2, 0.3, 0.1],
        }
    )
    t = comparar_metas(r, metas).set_index(["tratamiento", "indicador"])
    # Contención: B, C, F asignados; gestionados B, C → 2/3 < 95 %.
    assert t.loc[("Contención", "cobertura"), "real"] == pytest.approx(2 / 3)
    assert t.loc[("Contención", "cobertura"), "meta"] == 0.95
    assert t.loc[("Contención", "cobertura"), "cumple"] is False
    # Solución: A y D cumplieron sus promesas: 2/2 >= 90 %.
    assert t.loc[("Solución", "cumplimiento"), "real"] == 1.0
    assert t.loc[("Solución", "cumplimiento"), "cumple"] is True
    # Recuperación (Solución): 780 / (1200 + 300 + 700).
    assert t.loc[("Solución", "recuperacion"), "real"] == pytest.approx(780 / 2200)
    assert t.loc[("Solución", "cobertura"), "meta"] == 0.6
    assert t.loc[("Solución", "hipotesis_se_cumple")].tolist() == [True, True, True]
    assert t.loc[("Contención", "hipotesis_se_cumple")].tolist() == [False, False, False]
    # Sin deudores en el tratamiento: sin dato real, sin veredicto.
    assert np.isnan(t.loc[("Recuperación", "cobertura"), "real"])
    assert t.loc[("Recuperación", "cobertura"), "cumple"] is None
    assert t.loc[("Recuperación", "cobertura"), "hipotesis_se_cumple"] is None


def test_prueba_dos_proporciones():
    # 60/100 contra 40/100: z = 0,2 / sqrt(0,5·0,5·0,02) = 2,828 → p = 0,00468.
    assert prueba_dos_proporciones(60, 100, 40, 100) == pytest.approx(0.004678, abs=1e-5)
    assert prueba_dos_proporciones(5, 10, 5, 10) == pytest.approx(1.0)


def test_campeon_contra_retador():
    def grupo(variante, asignadas, cumplidas):
        return {"tratamiento": "Contención", "variante": variante, "asignadas": asignadas, "promesas_cumplidas": cumplidas}

    r = comparar_variantes(pd.DataFrame([grupo("campeón", 100, 40), grupo("retador", 100, 60)]))
    assert r["campeon"].tolist() == ["campeón"]
    assert r["valor_p"].iloc[0] == pytest.approx(0.004678, abs=1e-5)
    assert r["veredicto"].iloc[0] == "«retador» funciona mejor que «campeón» (60,0 % contra 40,0 %); la diferencia es clara (p = 0,005)."
    r = comparar_variantes(pd.DataFrame([grupo("A", 12, 3), grupo("B", 10, 8)]))
    assert r["campeon"].tolist() == ["A"]
    assert r["veredicto"].iloc[0].startswith("Muestra demasiado pequeña para saber: 10 deudores en «B» y 12 en «A»")
    assert np.isnan(r["valor_p"].iloc[0])  # la prueba no vale: no se muestra un p que parezca decir algo
    # bastantes deudores pero casi ningún éxito: la prueba z no vale todavía, y se dice por qué
    r = comparar_variantes(pd.DataFrame([grupo("A", 227, 1), grupo("B", 58, 2)]))
    assert r["veredicto"].iloc[0] == ("Muy pocos resultados para saber: 2 de 58 en «B» y 1 de 227 en «A»; hacen falta "
                                      "al menos 5 éxitos y 5 fracasos esperados por variante.")
    assert np.isnan(r["valor_p"].iloc[0])
    r = comparar_variantes(pd.DataFrame([grupo("A", 100, 50), grupo("B", 100, 52)]))
    assert r["veredicto"].iloc[0].startswith("No hay diferencia clara entre «B» y «A» (52,0 % contra 50,0 %")
    with pytest.raises(ErrorUso, match="abra el embudo por tratamiento y variante"):
        comparar_variantes(embudo(por=["tratamiento"]))


def test_escalon_del_embudo_dice_cuando_dos_niveles_dan_el_mismo_embudo():
    """Para cada par de niveles (y «fuera del catálogo»): el embudo de un deudor con una tipificación de ese código
    es el mismo con uno y otro nivel exactamente cuando su escalón es el mismo."""
    from itertools import product

    from limonero_cli.nucleo.embudo import escalon_del_embudo
    from limonero_cli.nucleo.tipificaciones import RANGO_NIVEL

    asig = pd.DataFrame([asignacion("2025-03-01", "A", "Contención", "Temprana", 1000.0)])
    tips = pd.DataFrame([tip("A", "2025-03-02 10:00", "X", 500.0, "2025-03-05")])
    pagos = pd.DataFrame([pago("A", "2025-03-05", 500.0)])

    def embudo_con(nivel):
        catalogo = CATALOGO.copy()
        if nivel is not None:
            catalogo.loc[len(catalogo)] = ["X", "x", nivel, False, False, False, 1]
        fila = calcular_embudo(asig, tips, pagos, catalogo, [], None, None, GRACIA, TOLERANCIA, HOY)
        return fila[list(PASOS)].iloc[0].tolist()

    niveles = [None, *NIVELES]
    embudos = {nivel: embudo_con(nivel) for nivel in niveles}
    assert len({tuple(e) for e in embudos.values()}) == 4  # cuatro escalones distintos
    for a, b in product(niveles, niveles):
        escalon_a, escalon_b = (int(escalon_del_embudo(np.array([RANGO_NIVEL.get(n, -1)]))[0]) for n in (a, b))
        assert (embudos[a] == embudos[b]) == (escalon_a == escalon_b), (a, b)
