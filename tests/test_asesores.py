"""Asesores en forma: cada cifra recalculada a mano o con código independiente."""

from datetime import date

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from limonero_cli.bitacora import Bitacora
from limonero_cli.cli import limonero
from limonero_cli.estrategia.cargar import estrategia_por_defecto
from limonero_cli.nucleo.asesores import COLUMNAS_ASESORES, calcular_asesores
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
GRACIA, TOLERANCIA = 2, 5.0
REGLAS = {r.pais: r for r in estrategia_por_defecto().reglas_contacto}  # CO: lun-vie 7-19, sáb 8-15
MASIVOS = {"sms", "whatsapp", "email", "carta"}
METAS = pd.DataFrame({"tratamiento": ["T1", "T2"], "meta_cobertura": [0.9, 0.5], "meta_contacto": [0.5, 0.5],
                      "meta_promesa": [0.5, 0.2], "meta_cumplimiento": [0.5, 0.5]})


def calcular(asig, tips, pagos, desde=None, hasta=None, fecha=date(2025, 3, 31), metas=METAS):
    return calcular_asesores(asig, tips, pagos, CATALOGO, desde, hasta, GRACIA, TOLERANCIA, fecha,
                             reglas_contacto=REGLAS, pais_por_defecto="CO", canales_masivos=MASIVOS,
                             metas=metas).set_index("asesor")


def t(asesor, cliente, cuando, codigo, canal="llamada", monto=np.nan, para=None):
    return {"asesor": asesor, "cliente_id": cliente, "fecha_hora": pd.Timestamp(cuando), "canal": canal,
            "codigo": codigo, "monto_promesa": monto, "fecha_promesa": pd.Timestamp(para) if para else pd.NaT}


def ejemplo():
    asig = pd.DataFrame(
        [
            {"fecha": pd.Timestamp("2025-03-03"), "cliente_id": c, "asesor": a, "tratamiento": tr}
            for c, a, tr in [("A", "ana", "T1"), ("B", "ana", "T1"), ("C", "ana", "T2"), ("D", "ana", "T2"),
                             ("E", "luis", "T1")]
        ]
    )
    tips = pd.DataFrame(
        [
            # ana, lunes 3 de marzo: de 08:00 a 10:30 (2,5 h)
            t("ana", "A", "2025-03-03 08:00", "NC"),
            t("ana", "A", "2025-03-03 09:00", "PP", monto=100.0, para="2025-03-05"),
            t("ana", "B", "2025-03-03 10:30", "TT"),
            # martes: de 18:00 a 19:30 (1,5 h); 19:30 está fuera de horario (CO hasta las 19 h)
            t("ana", "C", "2025-03-04 18:00", "CT", canal="sms"),  # contacto en un canal masivo
            t("ana", "C", "2025-03-04 18:00:30", "CT", canal="sms"),  # duplicado (mismo minuto)
            t("ana", "Z", "2025-03-04 19:30", "PP", monto=np.nan, para=None),  # promesa sin monto ni fecha
            # domingo: fuera de horario; un solo intento = 0 h
            t("ana", "A", "2025-03-09 10:00", "NC"),
            # luis: un deudor que no es suyo
            t("luis", "B", "2025-03-03 11:00", "PP", monto=200.0, para="2025-03-04"),
            t(None, "E", "2025-03-03 11:00", "NC"),  # sin asesor (marcador): no cuenta
        ]
    )
    pagos = pd.DataFrame({"cliente_id": ["A", "B", "D"], "fecha": pd.to_datetime(["2025-03-06", "2025-03-10", "2025-03-04"]),
                          "monto": [100.0, 200.0, 50.0]})
    return asig, tips, pagos


def test_a_mano():
    r = calcular(*ejemplo())
    ana, luis = r.loc["ana"], r.loc["luis"]
    assert list(r.reset_index().columns) == list(COLUMNAS_ASESORES)
    assert (ana["intentos"], ana["dias_trabajados"], ana["horas_trabajadas"]) == (7, 3, 4.0)
    assert ana["intentos_por_hora"] == pytest.approx(7 / 4)
    # Lista de ana: A, B, C, D; intentó A, B, C → 3/4.
    assert (ana["deudores_asignados"], ana["asignados_gestionados"], ana["cobertura"]) == (4, 3, 0.75)
    # Gestionados por ana: A (PP), B (TT), C (CT), Z (PP) → contacto 4/4, titular 3/4, promesa 2/3.
    assert (ana["deudores_gestionados"], ana["contactados"], ana["contacto_titular"], ana["con_promesa"]) == (4, 4, 3, 2)
    assert ana["tasa_promesa"] == pytest.approx(2 / 3)
    # Promesas: A 100 para el 5/3, pagó 100 el 6/3 (dentro de la gracia) → cumplida; Z sin monto ni pago → no.
    assert (ana["promesas"], ana["promesas_cumplidas"], ana["monto_recuperado"]) == (2, 1, 100.0)
    # luis: B 200 para el 4/3 con gracia hasta el 6/3; pagó el 10/3 → incumplida, nada acreditado.
    assert (luis["promesas"], luis["promesas_cumplidas"], luis["monto_recuperado"]) == (1, 0, 0.0)
    assert (luis["deudores_asignados"], luis["cobertura"], luis["horas_trabajadas"]) == (1, 0.0, 0.0)
    assert np.isnan(luis["intentos_por_hora"])
    # Cartera de ana: pagos de A, B y D en el periodo.
    assert ana["monto_cartera"] == 350.0
    # Calidad.
    assert (ana["promesas_sin_monto_o_fecha"], ana["duplicados"], ana["fuera_de_horario"],
            ana["incoherentes_canal"], ana["fuera_de_catalogo"]) == (1, 1, 2, 2, 0)
    assert "(sin asesor)" not in r.index and None not in r.index


def test_metas_y_semaforo():
    r = calcular(*ejemplo())
    ana = r.loc["ana"]
    # Metas de ana: dos deudores T1 y dos T2 → promedio.
    assert ana["meta_cobertura"] == pytest.approx(0.7) and ana["meta_promesa"] == pytest.approx(0.35)
    # Cada logro topado en 1: 0,75/0,7, 1/0,5, (2/3)/0,35 y 0,5/0,5 son todos ≥ 1 → 1.
    logros = [min(x, 1.0) for x in (0.75 / 0.7, 1.0 / 0.5, (2 / 3) / 0.35, 0.5 / 0.5)]
    assert ana["indice_metas"] == pytest.approx(np.mean(logros), abs=1e-6) == pytest.approx(1.0)
    assert ana["semaforo"] == "verde" and ana["puesto"] == 1
    luis = r.loc["luis"]
    # luis: cobertura 0/0,9 → 0; contacto 1/0,5 → 1 (topado); promesa 1/0,5 → 1; cumplimiento 0/0,5 → 0.
    # Sin tope daría (0 + 2 + 2 + 0)/4 = 1 (verde); con tope, (0 + 1 + 1 + 0)/4 = 0,5 → rojo.
    assert luis["indice_metas"] == pytest.approx(0.5) and luis["semaforo"] == "rojo"
    sin_metas = calcular(*ejemplo(), metas=None)
    assert sin_metas["semaforo"].isna().all() and sin_metas["puesto"].isna().all()


def test_periodo_filtra_intentos_y_asignaciones():
    r = calcular(*ejemplo(), desde=date(2025, 3, 4), hasta=date(2025, 3, 4))
    assert r.loc["ana", "intentos"] == 3 and r.loc["ana", "deudores_asignados"] == 0
    assert "luis" not in r.index


# --------------------------------------------------------------- 50.000 tipificaciones y recálculo independiente


def generar(semilla, deudores=2000, tipificaciones=50_000, pagos=6000):
    rng = np.random.default_rng(semilla)
    ids = np.array([f"C{i:05d}" for i in range(deudores)], dtype=object)
    asesores = np.array(["A01", "A02", "A03", "A04", "A05", "A06"], dtype=object)
    dias = pd.date_range("2025-03-01", "2025-03-31")
    n_asig = deudores * 3
    asig = pd.DataFrame(
        {
            "fecha": dias[rng.integers(0, len(dias), n_asig)],
            "cliente_id": ids[rng.integers(0, deudores, n_asig)],
            "asesor": asesores[rng.integers(0, 5, n_asig)],  # A06 no tiene lista
            "tratamiento": rng.choice(["T1", "T2", "T3"], n_asig).astype(object),
        }
    )
    asig.loc[rng.random(n_asig) < 0.03, "asesor"] = None
    tid = ids[rng.integers(0, deudores, tipificaciones)]
    segundos = rng.integers(0, 40 * 86400, tipificaciones)
    segundos[: tipificaciones // 50] = segundos[tipificaciones // 50: 2 * (tipificaciones // 50)] + 20  # duplicados
    sin_hora = rng.random(tipificaciones) < 0.03  # vueltos del libro de la lista: solo el día (00:00:00)
    sin_hora[: 2 * (tipificaciones // 50)] = False
    segundos[sin_hora] = segundos[sin_hora] // 86400 * 86400
    cuando = pd.Timestamp("2025-02-25") + pd.to_timedelta(segundos, unit="s")
    codigo = rng.choice(CATALOGO["codigo"].to_numpy(), tipificaciones, p=[0.45, 0.1, 0.15, 0.1, 0.15, 0.05])
    es_promesa = codigo == "PP"
    monto = np.where(es_promesa, rng.integers(50, 2000, tipificaciones).astype(float), np.nan)
    monto[es_promesa & (rng.random(tipificaciones) < 0.05)] = np.nan
    tips = pd.DataFrame(
        {
            "cliente_id": tid,
            "fecha_hora": cuando,
            "asesor": asesores[rng.integers(0, 6, tipificaciones)],
            "canal": rng.choice(["llamada", "sms", "whatsapp", "visita"], tipificaciones, p=[0.7, 0.1, 0.1, 0.1]).astype(object),
            "codigo": codigo.astype(object),
            "monto_promesa": monto,
            "fecha_promesa": pd.Series(cuando.normalize() + pd.to_timedelta(rng.integers(0, 10, tipificaciones), unit="D")).where(es_promesa),
        }
    )
    tips.loc[segundos.argsort()[:3], "asesor"] = None
    tips.loc[: tipificaciones // 50 - 1, ["cliente_id", "asesor", "canal", "codigo"]] = tips.loc[
        tipificaciones // 50: 2 * (tipificaciones // 50) - 1, ["cliente_id", "asesor", "canal", "codigo"]].to_numpy()
    pag = pd.DataFrame(
        {
            "cliente_id": ids[rng.integers(0, deudores, pagos)],
            "fecha": pd.Timestamp("2025-02-25") + pd.to_timedelta(rng.integers(0, 45, pagos), unit="D"),
            "monto": rng.integers(10, 1500, pagos).astype(float),
        }
    )
    return asig, tips, pag


def promesas_a_mano(tips, pag, fecha):
    """Reparto de pagos escrito de nuevo con bucles simples (promesa por promesa, en orden)."""
    fecha = pd.Timestamp(fecha)
    prom = tips[(tips["codigo"] == "PP") & (tips["fecha_hora"].dt.normalize() <= fecha)]
    prom = prom.sort_values(["cliente_id", "fecha_hora"], kind="stable")
    pagos_por_deudor = {}
    for q in pag[pag["fecha"] <= fecha].sort_values("fecha", kind="stable").itertuples():
        pagos_por_deudor.setdefault(q.cliente_id, []).append((q.Index, q.fecha, q.monto))
    filas, usados = [], set()
    for p in prom.itertuples():
        inicio = p.fecha_hora.normalize()
        vence = (p.fecha_promesa if not pd.isna(p.fecha_promesa) else inicio) + pd.Timedelta(days=GRACIA)
        umbral = 0.005 if np.isnan(p.monto_promesa) else max(p.monto_promesa * (1 - TOLERANCIA / 100), 0.005)
        total = 0.0
        for i, dia, monto in pagos_por_deudor.get(p.cliente_id, []):
            if i in usados or not (inicio <= dia <= vence) or total >= umbral:
                continue
            usados.add(i)
            total += monto
        filas.append({"asesor": p.asesor, "cliente_id": p.cliente_id, "fecha_hora": p.fecha_hora,
                      "monto_promesa": p.monto_promesa, "pagado": total, "cumplida": total >= umbral})
    return pd.DataFrame(filas)


def recalcular(asig, tips, pag, desde, hasta, fecha):
    d0, d1 = pd.Timestamp(desde), pd.Timestamp(hasta)
    rango = dict(zip(CATALOGO["codigo"], range(6)))
    a = asig[(asig["fecha"] >= d0) & (asig["fecha"] <= d1) & asig["asesor"].notna()]
    tt = tips[(tips["fecha_hora"].dt.normalize() >= d0) & (tips["fecha_hora"].dt.normalize() <= d1) & tips["asesor"].notna()]
    prom = promesas_a_mano(tips, pag, fecha)
    prom = prom[(prom["fecha_hora"].dt.normalize() >= d0) & (prom["fecha_hora"].dt.normalize() <= d1) & prom["asesor"].notna()]
    p = pag[(pag["fecha"] >= d0) & (pag["fecha"] <= d1)]
    medianoche = tt["fecha_hora"] == tt["fecha_hora"].dt.normalize()  # hora desconocida
    filas = []
    for asesor in sorted(set(a["asesor"]) | set(tt["asesor"])):
        mis = tt[tt["asesor"] == asesor]
        con_hora = mis[~medianoche[mis.index]]
        lista = set(a.loc[a["asesor"] == asesor, "cliente_id"])
        primera = a[a["asesor"] == asesor].groupby("cliente_id")["fecha"].min().astype("datetime64[ns]")
        de_lista = p.merge(primera.rename("primera").reset_index(), on="cliente_id")
        de_lista = de_lista[de_lista["fecha"] >= de_lista["primera"]]  # desde su primera asignación al asesor
        horas = 0.0
        for _, dia in con_hora.groupby(con_hora["fecha_hora"].dt.date):
            horas += (dia["fecha_hora"].max() - dia["fecha_hora"].min()).total_seconds() / 3600
        mejor = mis.assign(r=mis["codigo"].map(rango)).groupby("cliente_id")["r"].max()
        titular = int((mejor >= 2).sum())
        con_promesa = mis.loc[mis["codigo"] == "PP", "cliente_id"].nunique()
        mp = prom[prom["asesor"] == asesor]
        dia_hora = con_hora["fecha_hora"]
        fuera = 0
        for cuando in dia_hora:
            minutos = cuando.hour * 60 + cuando.minute + cuando.second / 60
            if cuando.day_of_week == 6:
                fuera += 1
            elif cuando.day_of_week == 5:
                fuera += not (8 * 60 <= minutos <= 15 * 60)
            else:
                fuera += not (7 * 60 <= minutos <= 19 * 60)
        claves = list(zip(mis["cliente_id"], mis["codigo"], mis["canal"], mis["fecha_hora"].dt.floor("min")))
        filas.append(
            {
                "asesor": asesor,
                "intentos": len(mis),
                "horas_trabajadas": round(horas, 4),
                "deudores_asignados": len(lista),
                "asignados_gestionados": len(lista & set(mis["cliente_id"])),
                "deudores_gestionados": mis["cliente_id"].nunique(),
                "contactados": int((mejor >= 1).sum()),
                "contacto_titular": titular,
                "con_promesa": con_promesa,
                "promesas": len(mp),
                "promesas_cumplidas": int(mp["cumplida"].sum()) if len(mp) else 0,
                "monto_prometido": round(mp["monto_promesa"].sum(), 2) if len(mp) else 0.0,
                "monto_recuperado": round(mp["pagado"].sum(), 2) if len(mp) else 0.0,
                "monto_cartera": round(de_lista["monto"].sum(), 2),
                "promesas_sin_monto_o_fecha": int(((mis["codigo"] == "PP") & (mis["monto_promesa"].isna() | mis["fecha_promesa"].isna())).sum()),
                "duplicados": len(claves) - len(set(claves)),
                "fuera_de_horario": fuera,
                "incoherentes_canal": int((mis["canal"].isin(["sms", "whatsapp"]) & (mis["codigo"].map(rango) >= 1)).sum()),
            }
        )
    return pd.DataFrame(filas).set_index("asesor")


def test_generador_50000_coincide_con_recalculo():
    asig, tips, pag = generar(11)
    desde, hasta, fecha = date(2025, 3, 3), date(2025, 3, 28), date(2025, 3, 31)
    r = calcular(asig, tips, pag, desde, hasta, fecha, metas=None)
    esperado = recalcular(asig, tips, pag, desde, hasta, fecha)
    columnas = list(esperado.columns)
    obtenido = r.loc[esperado.index, columnas]
    pd.testing.assert_frame_equal(obtenido, esperado, check_dtype=False, check_names=False)
    # Las tasas salen de esos conteos.
    assert np.allclose(r["cobertura"].dropna(), (r["asignados_gestionados"] / r["deudores_asignados"]).dropna())
    assert np.allclose(r["tasa_promesa"], r["con_promesa"] / r["contacto_titular"])
    assert np.allclose(r["intentos_por_hora"], (r["intentos"] - r["intentos_sin_hora"]) / r["horas_trabajadas"])
    assert (esperado["duplicados"] > 0).all() and (esperado["promesas_sin_monto_o_fecha"] > 0).all()
    assert (esperado["fuera_de_horario"] > 0).all() and (esperado["promesas_cumplidas"] > 0).all()
    assert (r["intentos_sin_hora"] > 0).all()
    assert r.loc["A06", "deudores_asignados"] == 0 and np.isnan(r.loc["A06", "cobertura"])


# --------------------------------------------------------------- el comando


def test_comando_asesores(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    asig, tips, pagos = ejemplo()
    tips = tips.assign(codigo=tips["codigo"].replace({"TT": "MT"}))
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        b.registrar_asignaciones(date(2025, 3, 3), asig.drop(columns="fecha").assign(tratamiento="Contención"))
        b.cargar_tipificaciones(tips, "tips.xlsx")
        b.cargar_pagos(pagos, "pagos.xlsx")
    r = CliRunner().invoke(limonero, ["asesores", "--fecha", "2025-03-31", "--formato", "json"])
    assert r.exit_code == 0, r.output
    import json

    datos = {fila["asesor"]: fila for fila in json.loads(r.output)}
    assert datos["ana"]["intentos"] == 7 and datos["ana"]["cobertura"] == 0.75
    assert datos["ana"]["fuera_de_horario"] == 2 and datos["ana"]["semaforo"] in {"verde", "amarillo", "rojo"}
    r = CliRunner().invoke(limonero, ["asesores", "--fecha", "2025-03-31", "-o", "asesores.xlsx"])
    assert r.exit_code == 0, r.output
    assert "ana" in r.output and "Calidad" in r.output
    assert max(len(linea) for linea in r.output.splitlines()) <= 80
    libro = openpyxl.load_workbook(tmp_path / "asesores.xlsx")
    assert len(libro["Ranking"]._charts) == 1
    r = CliRunner().invoke(limonero, ["asesores", "--desde", "2025-03-05", "--hasta", "2025-03-01"])
    assert r.exit_code == 2 and "--desde es posterior a --hasta" in r.output
