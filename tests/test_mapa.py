"""Mapa de posibilidades: celdas recalculadas a mano, fuentes de la recuperación esperada."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from limonero_cli.errores import ErrorDatos, ErrorUso
from limonero_cli.nucleo.mapa import (
    FUENTE_HISTORIAL,
    FUENTE_MORA,
    FUENTE_SCORE,
    SIN_DATO,
    calcular_mapa,
    probabilidad_por_mora,
    probabilidad_por_score,
)
from limonero_cli.nucleo.tramos import bandas_numericas


def cartera_generada(semilla: int = 21, n: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(semilla)
    deudor = rng.integers(0, 2000, n)
    score_deudor = rng.integers(300, 901, 2000).astype("float64")
    return pd.DataFrame({
        "cuenta": [f"{i:07d}" for i in range(n)],
        "cliente_id": [f"D{d:05d}" for d in deudor],
        "dias_mora": pd.array(rng.integers(-5, 400, n), dtype="Int64"),
        "saldo_vencido": np.round(rng.lognormal(12.5, 1.3, n), 2),
        "score": score_deudor[deudor],
        "producto": pd.Series(rng.choice(["TDC", "PERSONAL", "NOMINA", None], n,
                                         p=[0.4, 0.3, 0.2, 0.1]), dtype=object),
    })


def test_probabilidades_documentadas():
    p = probabilidad_por_score(pd.Series([250, 300, 550, 700, 850, 950, None]))
    assert p.iloc[:6].tolist() == pytest.approx([0.02, 0.02, 0.175, 0.50, 0.825, 0.90])
    assert pd.isna(p.iloc[6])
    assert probabilidad_por_mora(pd.Series([0, 15, 45, 400])).tolist() == [0.9, 0.6, 0.35, 0.03]


def test_ejemplo_pequeno_con_score():
    cartera = pd.DataFrame({
        "cuenta": ["1", "2", "3", "4"],
        "cliente_id": ["A", "A", "B", "C"],
        "saldo_vencido": [1000.0, 500.0, 2000.0, 300.0],
        "score": [700.0, 700.0, 500.0, 900.0],
        "producto": ["TDC", "PERSONAL", "TDC", "NOMINA"],
        "dias_mora": [10, 95, 40, 0],
    })
    m = calcular_mapa(cartera, filas="dias_mora", columnas="producto")
    assert m.fuente == FUENTE_SCORE and "score" in m.explicacion
    # A: máximo 95 días → 91–120, producto de su cuenta con más saldo (TDC).
    assert m.deudores.loc["91–120", "TDC"] == 1
    assert m.cuentas.loc["91–120", "TDC"] == 2
    assert m.saldo_vencido.loc["91–120", "TDC"] == 1500.0
    assert m.recuperacion_esperada.loc["91–120", "TDC"] == pytest.approx(1500 * 0.5)
    assert m.recuperacion_esperada.loc["31–60", "TDC"] == pytest.approx(2000 * 0.10)
    assert m.recuperacion_esperada.loc["Al día", "NOMINA"] == pytest.approx(300 * 0.90)
    assert m.tasa_recuperacion.loc["31–60", "TDC"] == pytest.approx(0.10)
    assert pd.isna(m.tasa_recuperacion.loc["1–30", "TDC"])  # celda vacía
    assert list(m.deudores.columns) == ["NOMINA", "TDC"]
    assert m.deudores.index.name == "dias_mora" and m.deudores.columns.name == "producto"
    assert m.total_deudores == 3 and m.deudores.to_numpy().sum() == 3
    assert m.total_recuperacion == pytest.approx(750 + 200 + 270)


def test_celdas_recalculadas_a_mano():
    cartera = cartera_generada()
    m = calcular_mapa(cartera)  # score × saldo_vencido
    assert m.fuente == FUENTE_SCORE
    # Por deudor: saldo sumado, score promedio, recuperación = Σ saldo⁺ × p(score).
    saldo = defaultdict(float)
    scores = defaultdict(list)
    recuperacion = defaultdict(float)
    cuentas = defaultdict(int)
    puntos = [(300, 0.02), (500, 0.10), (600, 0.25), (700, 0.50), (800, 0.75), (900, 0.90)]
    for c, s, sc in zip(cartera["cliente_id"], cartera["saldo_vencido"], cartera["score"]):
        saldo[c] += s
        scores[c].append(sc)
        cuentas[c] += 1
        p = next(p0 + (p1 - p0) * (sc - x0) / (x1 - x0)
                 for (x0, p0), (x1, p1) in zip(puntos, puntos[1:]) if x0 <= sc <= x1)
        recuperacion[c] += max(s, 0) * p
    deudores = sorted(saldo)
    bandas_saldo = bandas_numericas(pd.Series([saldo[d] for d in deudores]))
    bandas_score = bandas_numericas(pd.Series([np.mean(scores[d]) for d in deudores]))

    def banda(bandas, valor):
        return bandas.etiquetas[sum(1 for limite in bandas.limites if valor >= limite)]

    esperado = defaultdict(lambda: [0, 0, 0.0, 0.0])
    for d in deudores:
        celda = (banda(bandas_score, np.mean(scores[d])), banda(bandas_saldo, saldo[d]))
        esperado[celda][0] += 1
        esperado[celda][1] += cuentas[d]
        esperado[celda][2] += saldo[d]
        esperado[celda][3] += recuperacion[d]
    assert list(m.deudores.index) == list(bandas_score.etiquetas)
    assert list(m.deudores.columns) == list(bandas_saldo.etiquetas)
    for fila in m.deudores.index:
        for columna in m.deudores.columns:
            n, k, s, r = esperado[(fila, columna)]
            assert m.deudores.loc[fila, columna] == n
            assert m.cuentas.loc[fila, columna] == k
            assert m.saldo_vencido.loc[fila, columna] == pytest.approx(s)
            assert m.recuperacion_esperada.loc[fila, columna] == pytest.approx(r)
    # Las celdas suman los totales de la cartera.
    assert m.deudores.to_numpy().sum() == len(deudores) == m.total_deudores
    assert m.cuentas.to_numpy().sum() == len(cartera)
    assert m.total_saldo == pytest.approx(cartera["saldo_vencido"].sum())
    assert m.celdas["participacion_saldo"].sum() == pytest.approx(1.0)
    assert m.celdas["participacion_recuperacion"].sum() == pytest.approx(1.0)
    assert len(m.celdas) == m.deudores.size
    # Con score, más score → más tasa de recuperación.
    tasas = (m.recuperacion_esperada.sum(axis=1) / m.saldo_vencido.sum(axis=1)).to_numpy()
    assert (np.diff(tasas) > 0).all()


def test_categoria_de_la_cuenta_principal_y_sin_dato():
    cartera = cartera_generada(n=800)
    m = calcular_mapa(cartera, filas="producto", columnas="dias_mora")
    assert list(m.deudores.index) == ["NOMINA", "PERSONAL", "TDC", SIN_DATO]
    assert list(m.deudores.columns)[0] == "Al día"
    principal = cartera.sort_values("saldo_vencido", ascending=False).drop_duplicates("cliente_id")
    esperado = principal["producto"].fillna(SIN_DATO).value_counts()
    assert m.deudores.sum(axis=1).to_dict() == esperado.to_dict()
    mora = cartera.groupby("cliente_id")["dias_mora"].max()
    assert m.deudores["181+"].sum() == int((mora > 180).sum())


def test_historial_de_pagos_por_celda():
    cartera = pd.DataFrame({
        "cuenta": ["1", "2", "3", "4", "5"],
        "cliente_id": ["A", "B", "C", "D", "E"],
        "saldo_vencido": [1000.0, 1000.0, 500.0, 500.0, 100.0],
        "producto": ["TDC", "TDC", "NOMINA", "NOMINA", "NOMINA"],
        "dias_mora": [10, 20, 45, 50, 200],
        "score": [800.0, 800.0, 800.0, 800.0, 800.0],
    })
    pagos = pd.DataFrame({
        "cuenta": ["1", "1", "3", "9", "5"],
        "monto": [200.0, 100.0, 900.0, 50.0, 30.0],
    })
    m = calcular_mapa(cartera, filas="producto", columnas="dias_mora", historial_pagos=pagos)
    assert m.fuente == FUENTE_HISTORIAL and "historial" in m.explicacion
    assert m.pagos_sin_cartera == 1  # la cuenta 9 no está
    # TDC 1–30: pagaron 300 de 2000 → 15 %.
    assert m.tasa_recuperacion.loc["TDC", "1–30"] == pytest.approx(0.15)
    assert m.recuperacion_esperada.loc["TDC", "1–30"] == pytest.approx(300.0)
    # NOMINA 31–60: pagaron 900 de 1000 → 90 %.
    assert m.tasa_recuperacion.loc["NOMINA", "31–60"] == pytest.approx(0.9)
    assert m.tasa_recuperacion.loc["NOMINA", "181+"] == pytest.approx(0.3)
    por_deudor = m.por_deudor.set_index("cliente_id")["recuperacion_esperada"]
    assert por_deudor["A"] == pytest.approx(150.0) and por_deudor["D"] == pytest.approx(450.0)
    # Más pagado que lo vencido: la tasa se topa en 100 %.
    pagos_altos = pd.DataFrame({"cliente_id": ["E"], "monto": [500.0]})
    m = calcular_mapa(cartera, "producto", "dias_mora", historial_pagos=pagos_altos)
    assert m.tasa_recuperacion.loc["NOMINA", "181+"] == 1.0
    assert m.recuperacion_esperada.loc["NOMINA", "181+"] == 100.0
    # Un historial vacío es como no tener historial.
    vacio = pd.DataFrame({"cuenta": [], "monto": []})
    assert calcular_mapa(cartera, historial_pagos=vacio).fuente == FUENTE_SCORE


def test_sin_score_usa_la_mora():
    cartera = cartera_generada(n=300).drop(columns="score")
    m = calcular_mapa(cartera, filas="dias_mora", columnas="saldo_vencido")
    assert m.fuente == FUENTE_MORA and "tramo de mora" in m.explicacion
    esperado = (cartera["saldo_vencido"].clip(lower=0)
                * probabilidad_por_mora(cartera["dias_mora"])).sum()
    assert m.total_recuperacion == pytest.approx(esperado)


def test_errores_en_espanol():
    cartera = cartera_generada(n=20)
    with pytest.raises(ErrorUso, match="misma variable"):
        calcular_mapa(cartera, filas="score", columnas="score")
    with pytest.raises(ErrorDatos, match="«region»"):
        calcular_mapa(cartera, filas="region")
    with pytest.raises(ErrorDatos, match="«saldo_vencido»"):
        calcular_mapa(cartera.drop(columns="saldo_vencido"))
    with pytest.raises(ErrorDatos, match="«monto»"):
        calcular_mapa(cartera, historial_pagos=pd.DataFrame({"cuenta": ["1"]}))
