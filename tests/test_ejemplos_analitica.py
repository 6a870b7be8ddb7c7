"""Mapa, Pareto y rodamiento sobre la cartera de ejemplo, leída como la lee limonero."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from limonero_cli.nucleo.mapa import FUENTE_HISTORIAL, FUENTE_SCORE, calcular_mapa
from limonero_cli.nucleo.pareto import calcular_pareto
from limonero_cli.nucleo.rodamiento import calcular_rodamiento

EJEMPLOS = Path(__file__).resolve().parents[1] / "ejemplos"


@pytest.fixture(scope="module")
def cartera() -> pd.DataFrame:
    from limonero_cli.hojas.entradas import leer_cartera

    entrada = leer_cartera(EJEMPLOS / "cartera_ejemplo.xlsx",
                           columnas={"cliente_id": "Documento Cliente"})
    assert len(entrada.rechazos) == 0
    return entrada.datos


def test_pareto_de_la_cartera_de_ejemplo(cartera):
    p = calcular_pareto(cartera)
    assert len(p.tabla) == 3800
    a = p.resumen.loc["A"]
    assert 0.1 < a["participacion_cantidad"] < 0.4 and a["participacion"] >= 0.8
    assert p.titular.startswith("el ") and "de los deudores (" in p.titular
    assert p.titular.endswith("del saldo vencido")


def test_mapa_de_la_cartera_de_ejemplo(cartera):
    m = calcular_mapa(cartera)
    assert m.fuente == FUENTE_SCORE
    assert m.total_deudores == 3800 and m.deudores.to_numpy().sum() == 3800
    assert m.total_saldo == pytest.approx(cartera["saldo_vencido"].sum())


def test_mapa_con_los_pagos_de_ejemplo(cartera):
    from limonero_cli.hojas.entradas import leer_pagos

    pagos = leer_pagos(EJEMPLOS / "pagos_ejemplo.xlsx").datos
    m = calcular_mapa(cartera, filas="dias_mora", columnas="producto", historial_pagos=pagos)
    assert m.fuente == FUENTE_HISTORIAL and m.pagos_sin_cartera == 0
    assert 0 < m.total_recuperacion <= pagos["monto"].sum() + 1e-6


def test_rodamiento_de_un_mes(cartera):
    siguiente = cartera.sample(frac=0.9, random_state=0).copy()
    siguiente["dias_mora"] = siguiente["dias_mora"] + 30
    r = calcular_rodamiento(cartera, siguiente)
    # Sin pagos, nadie mejora y lo que no estaba en 181+ empeora.
    assert r.mejora.numerador == 0 and r.cura.numerador == 0
    limites = [0, 30, 60, 90, 120, 180]

    def tramo(dias):
        return sum(1 for limite in limites if dias > limite)

    empeoran = sum(1 for d in siguiente["dias_mora"] if tramo(d) > tramo(d - 30))
    assert r.rodamiento.numerador == empeoran
    assert r.cuentas_salieron == len(cartera) - len(siguiente)
    assert r.rodamiento.valor == pytest.approx(
        r.rodamiento.numerador / r.rodamiento.denominador)
