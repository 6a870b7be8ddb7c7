"""Pareto / ABC: clases, participaciones y titular recalculados a mano."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from limonero_cli.errores import ErrorDatos
from limonero_cli.nucleo.mapa import probabilidad_por_score
from limonero_cli.nucleo.pareto import calcular_pareto, porcentaje_es


def cartera_generada(semilla: int = 11, n: int = 4000) -> pd.DataFrame:
    rng = np.random.default_rng(semilla)
    deudores = rng.integers(0, 2500, n)
    saldo = np.round(rng.lognormal(12, 1.4, n), 2)
    saldo[rng.random(n) < 0.03] *= -0.1  # notas crédito
    saldo[rng.random(n) < 0.05] = 0.0
    return pd.DataFrame({
        "cuenta": [f"{i:07d}" for i in range(n)],
        "cliente_id": [f"{d:06d}" for d in deudores],
        "saldo_vencido": saldo,
        "score": rng.integers(300, 901, n).astype("float64"),
        "sucursal": rng.choice(["CALI", "MEDELLIN", "BOGOTA", "PASTO", "NEIVA"], n,
                               p=[0.3, 0.3, 0.25, 0.1, 0.05]),
    })


def abc_a_mano(totales: dict, corte_a=0.8, corte_b=0.95) -> dict:
    positivos = sum(v for v in totales.values() if v > 0)
    clases = {}
    acumulado = 0.0
    for clave, total in sorted(totales.items(), key=lambda kv: -kv[1]):
        if total <= 0:
            clases[clave] = "C"
            continue
        antes = acumulado / positivos
        clases[clave] = "A" if antes < corte_a - 1e-12 else "B" if antes < corte_b - 1e-12 else "C"
        acumulado += total
    return clases


def test_ejemplo_pequeno_exacto():
    cartera = pd.DataFrame({
        "cuenta": ["1", "2", "3", "4", "5", "6", "7"],
        "cliente_id": ["ANA", "ANA", "LUIS", "EVA", "JOSE", "JOSE", "PAZ"],
        "saldo_vencido": [500.0, 300.0, 150.0, 40.0, 10.0, -30.0, 0.0],
    })
    p = calcular_pareto(cartera)
    # Totales: ANA 800, LUIS 150, EVA 40, JOSE -20, PAZ 0; positivos 990.
    assert p.total == 990.0
    assert p.tabla["cliente_id"].tolist() == ["ANA", "LUIS", "EVA", "PAZ", "JOSE"]
    assert p.tabla["saldo_vencido"].tolist() == [800.0, 150.0, 40.0, 0.0, -20.0]
    assert p.tabla["clase"].tolist() == ["A", "B", "C", "C", "C"]
    assert p.tabla["participacion"].iloc[0] == pytest.approx(800 / 990)
    assert p.tabla["participacion_acumulada"].iloc[2] == pytest.approx(1.0)
    assert p.tabla["cuentas"].tolist() == [2, 1, 1, 1, 2]
    assert p.clase_por_fila.tolist() == ["A", "A", "B", "C", "C", "C", "C"]
    assert p.resumen.loc["A", "cantidad"] == 1
    assert p.titular == "el 20,0 % de los deudores (1 de 5) concentra el 80,8 % del saldo vencido"


def test_clases_y_participaciones_recalculadas():
    cartera = cartera_generada()
    p = calcular_pareto(cartera)
    totales = defaultdict(float)
    for cliente, saldo in zip(cartera["cliente_id"], cartera["saldo_vencido"]):
        totales[cliente] += saldo
    clases = abc_a_mano(totales)
    obtenidas = dict(zip(p.tabla["cliente_id"], p.tabla["clase"]))
    assert obtenidas == clases
    positivos = sum(v for v in totales.values() if v > 0)
    assert p.total == pytest.approx(positivos)
    for clase in "ABC":
        miembros = [c for c, k in clases.items() if k == clase]
        assert p.resumen.loc[clase, "cantidad"] == len(miembros)
        assert p.resumen.loc[clase, "participacion"] == pytest.approx(
            sum(max(totales[c], 0) for c in miembros) / positivos)
    # A alcanza el 80 % con el último que cruza el corte, y sin él no llega.
    parte_a = p.resumen.loc["A", "participacion"]
    menor_a = p.tabla.loc[p.tabla["clase"] == "A", "participacion"].min()
    assert parte_a >= 0.8 and parte_a - menor_a < 0.8
    assert p.resumen["cantidad"].sum() == len(totales)
    assert p.tabla["participacion"].sum() == pytest.approx(1.0)
    # Orden descendente y rangos 1..n.
    assert (np.diff(p.tabla["saldo_vencido"].to_numpy()) <= 0).all()
    assert p.tabla["rango"].tolist() == list(range(1, len(totales) + 1))
    # La clase de cada fila de la cartera es la de su deudor.
    assert p.clase_por_fila.index.equals(cartera.index)
    assert p.clase_por_fila.tolist() == [clases[c] for c in cartera["cliente_id"]]
    # El titular.
    n_a = p.resumen.loc["A", "cantidad"]
    n_texto = f"{len(totales):,}".replace(",", ".")  # miles con punto
    assert p.titular == (
        f"el {porcentaje_es(n_a / len(totales))} de los deudores ({n_a} de {n_texto}) "
        f"concentra el {porcentaje_es(parte_a)} del saldo vencido"
    )


def test_por_dimension_y_cortes():
    cartera = cartera_generada()
    p = calcular_pareto(cartera, por="sucursal", cortes=(0.5, 0.9))
    totales = cartera.groupby("sucursal")["saldo_vencido"].sum().to_dict()
    assert dict(zip(p.tabla["sucursal"], p.tabla["clase"])) == abc_a_mano(totales, 0.5, 0.9)
    assert p.cortes == (0.5, 0.9)
    assert p.titular.startswith("el ") and "de las sucursales (" in p.titular
    assert p.clase_por_fila.tolist() == [
        dict(zip(p.tabla["sucursal"], p.tabla["clase"]))[s] for s in cartera["sucursal"]]


def test_recuperacion_esperada_desde_el_score():
    cartera = cartera_generada(n=500)
    p = calcular_pareto(cartera, medida="recuperacion_esperada")
    esperada = cartera["saldo_vencido"].clip(lower=0) * probabilidad_por_score(cartera["score"])
    totales = esperada.groupby(cartera["cliente_id"]).sum()
    tabla = p.tabla.set_index("cliente_id")["recuperacion_esperada"]
    assert np.allclose(tabla.loc[totales.index].to_numpy(), totales.to_numpy())
    assert p.titular.endswith("de la recuperación esperada")


def test_cliente_vacio_usa_la_cuenta():
    cartera = pd.DataFrame({"cuenta": ["1", "2", "3"], "cliente_id": ["X", None, "X"],
                            "saldo_vencido": [10.0, 50.0, 20.0]})
    p = calcular_pareto(cartera)
    assert p.tabla["cliente_id"].tolist() == ["2", "X"]
    assert p.tabla["saldo_vencido"].tolist() == [50.0, 30.0]


def test_todo_en_cero_es_clase_c():
    cartera = pd.DataFrame({"cuenta": ["1", "2"], "saldo_vencido": [0.0, -5.0]})
    p = calcular_pareto(cartera)
    assert p.tabla["clase"].tolist() == ["C", "C"]
    assert p.titular.startswith("nada que concentrar")


def test_errores_en_espanol():
    cartera = cartera_generada(n=10)
    with pytest.raises(ErrorDatos, match="«region»"):
        calcular_pareto(cartera, por="region")
    with pytest.raises(ErrorDatos, match="«monto_x»"):
        calcular_pareto(cartera, medida="monto_x")
    with pytest.raises(ErrorDatos, match="cortes"):
        calcular_pareto(cartera, cortes=(0.95, 0.8))


def test_vacios_de_una_dimension_forman_su_grupo():
    cartera = pd.DataFrame({"cuenta": ["1", "2", "3"], "asesor": ["ASESOR 01", None, None],
                            "saldo_vencido": [10.0, 45.0, 5.0]})
    p = calcular_pareto(cartera, por="asesor")
    assert p.tabla["asesor"].tolist() == ["(sin dato)", "ASESOR 01"]
    assert p.tabla["saldo_vencido"].tolist() == [50.0, 10.0]
    assert p.titular.startswith("el 50,0 % de los asesores (1 de 2)")
