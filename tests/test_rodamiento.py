"""Rodamiento entre dos cortes: matriz, tasas y flujos recalculados a mano."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest

from limonero_cli.errores import ErrorDatos
from limonero_cli.nucleo.rodamiento import SALIO, calcular_rodamiento
from limonero_cli.nucleo.tramos import ETIQUETAS_POR_DEFECTO

ETIQUETAS = list(ETIQUETAS_POR_DEFECTO)


def tramo_a_mano(dias: float) -> int:
    """El índice del tramo por defecto, escrito sin numpy."""
    if dias <= 0:
        return 0
    for i, hasta in enumerate([30, 60, 90, 120, 180], start=1):
        if dias <= hasta:
            return i
    return 6


def cortes_generados(semilla: int = 7, n: int = 3000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Un corte anterior y uno actual un mes después: cuentas que pagan, ruedan, se curan o entran."""
    rng = np.random.default_rng(semilla)
    anterior = pd.DataFrame({
        "cuenta": [f"{i:08d}" for i in range(n)],
        "cliente_id": [f"C{i // 2:06d}" for i in range(n)],
        "dias_mora": pd.array(rng.integers(-5, 400, n), dtype="Int64"),
        "saldo_vencido": np.round(rng.lognormal(13, 1, n), 2),
    })
    siguen = anterior.sample(frac=0.85, random_state=semilla).copy()
    azar = rng.random(len(siguen))
    dias = siguen["dias_mora"].astype("float64").to_numpy()
    nuevos = np.where(azar < 0.55, dias + 30, np.where(azar < 0.75, dias, rng.integers(-5, 20, len(siguen))))
    siguen["dias_mora"] = pd.array(nuevos.astype("int64"), dtype="Int64")
    siguen["saldo_vencido"] = siguen["saldo_vencido"] * rng.uniform(0.5, 1.5, len(siguen))
    nuevas = pd.DataFrame({
        "cuenta": [f"{i:08d}" for i in range(n, n + 300)],
        "cliente_id": [f"N{i:06d}" for i in range(300)],
        "dias_mora": pd.array(rng.integers(-5, 40, 300), dtype="Int64"),
        "saldo_vencido": np.round(rng.lognormal(12, 1, 300), 2),
    })
    actual = pd.concat([siguen, nuevas], ignore_index=True).sample(frac=1.0, random_state=1)
    return anterior, actual.reset_index(drop=True)


def test_un_corte_contra_si_mismo_da_la_identidad():
    anterior, _ = cortes_generados()
    r = calcular_rodamiento(anterior, anterior)
    esperado = Counter(tramo_a_mano(d) for d in anterior["dias_mora"])
    matriz = r.matriz_cuentas.to_numpy()
    assert matriz.shape == (7, 8)
    assert np.array_equal(matriz[:, :7], np.diag([esperado[i] for i in range(7)]))
    assert (r.matriz_cuentas[SALIO] == 0).all()
    saldos = defaultdict(float)
    for d, s in zip(anterior["dias_mora"], anterior["saldo_vencido"]):
        saldos[tramo_a_mano(d)] += s
    assert np.allclose(np.diag(r.matriz_saldo.to_numpy()[:, :7]), [saldos[i] for i in range(7)])
    assert r.matriz_saldo.to_numpy().sum() == pytest.approx(anterior["saldo_vencido"].sum())
    for tasa in (r.rodamiento, r.mejora, r.cura, r.salida, r.rodamiento_saldo, r.cura_saldo):
        assert tasa.numerador == 0 and tasa.valor == 0
    assert r.cuentas_salieron == 0 and r.cuentas_entraron == 0
    assert r.entradas["cuentas"].sum() == 0
    assert (r.flujo["tasa"] == 0).all()
    assert set(r.detalle["movimiento"]) == {"Igual"}


def test_matriz_y_tasas_recalculadas_a_mano():
    anterior, actual = cortes_generados()
    r = calcular_rodamiento(anterior, actual)

    antes = {c: (tramo_a_mano(d), s) for c, d, s in
             zip(anterior["cuenta"], anterior["dias_mora"], anterior["saldo_vencido"])}
    despues = {c: (tramo_a_mano(d), s) for c, d, s in
               zip(actual["cuenta"], actual["dias_mora"], actual["saldo_vencido"])}
    conteo = Counter()
    saldo = defaultdict(float)
    for cuenta, (o, s) in antes.items():
        d = despues[cuenta][0] if cuenta in despues else 7
        conteo[(o, d)] += 1
        saldo[(o, d)] += s
    for o in range(7):
        for d in range(8):
            assert r.matriz_cuentas.iat[o, d] == conteo[(o, d)]
            assert r.matriz_saldo.iat[o, d] == pytest.approx(saldo[(o, d)])
    assert list(r.matriz_cuentas.index) == ETIQUETAS
    assert list(r.matriz_cuentas.columns) == ETIQUETAS + [SALIO]

    # Rodamiento: empeoraron ÷ los que podían empeorar (no estaban en 181+).
    pueden = [(o, despues.get(c, (None,))[0]) for c, (o, _) in antes.items() if o < 6]
    empeoraron = sum(1 for o, d in pueden if d is not None and d > o)
    assert r.rodamiento.numerador == empeoraron
    assert r.rodamiento.denominador == len(pueden)
    assert r.rodamiento.valor == pytest.approx(empeoraron / len(pueden))
    assert 0.3 < r.rodamiento.valor < 0.8

    # Cura: vencidas que quedaron al día ÷ vencidas; mejora: pasaron a un tramo mejor ÷ vencidas.
    vencidas = [(c, o) for c, (o, _) in antes.items() if o > 0]
    curadas = [c for c, o in vencidas if c in despues and despues[c][0] == 0]
    mejoraron = [c for c, o in vencidas if c in despues and despues[c][0] < o]
    assert r.cura.denominador == len(vencidas) == r.mejora.denominador
    assert r.cura.numerador == len(curadas)
    assert r.mejora.numerador == len(mejoraron)
    saldo_vencidas = sum(antes[c][1] for c, _ in vencidas)
    assert r.cura_saldo.valor == pytest.approx(sum(antes[c][1] for c in curadas) / saldo_vencidas)
    assert r.cura.descripcion == (
        f"{len(curadas):,} de {len(vencidas):,} cuentas vencidas en el corte anterior"
        .replace(",", ".")
    )

    # Salieron y entraron.
    salieron = [c for c in antes if c not in despues]
    entraron = [c for c in despues if c not in antes]
    assert r.cuentas_salieron == len(salieron) == r.salida.numerador
    assert r.salida.denominador == len(antes)
    assert r.cuentas_entraron == len(entraron) == 300
    por_tramo = Counter(despues[c][0] for c in entraron)
    assert r.entradas["cuentas"].tolist() == [por_tramo[i] for i in range(7)]
    assert r.entradas["saldo"].sum() == pytest.approx(sum(despues[c][1] for c in entraron))

    # Flujo: del tramo i al i+1.
    for i in range(6):
        en_i = [c for c, (o, _) in antes.items() if o == i]
        pasan = [c for c in en_i if c in despues and despues[c][0] == i + 1]
        fila = r.flujo.iloc[i]
        assert fila["hacia"] == ETIQUETAS[i + 1]
        assert fila["cuentas_inicio"] == len(en_i)
        assert fila["cuentas_pasan"] == len(pasan)
        assert fila["tasa"] == pytest.approx(len(pasan) / len(en_i))
        assert fila["tasa_saldo"] == pytest.approx(
            sum(antes[c][1] for c in pasan) / sum(antes[c][1] for c in en_i))

    # El resumen por tramo suma lo mismo que la matriz.
    assert (r.resumen["empeoraron"] + r.resumen["igual"] + r.resumen["mejoraron"]
            + r.resumen["salieron"] == r.resumen["cuentas"]).all()
    assert r.resumen["cuentas"].sum() == len(antes)
    # El detalle tiene una fila por cuenta de cualquiera de los dos cortes.
    assert len(r.detalle) == len(set(antes) | set(despues))
    movimientos = Counter(r.detalle["movimiento"])
    assert movimientos["Entró"] == 300 and movimientos["Salió"] == len(salieron)
    assert movimientos["Empeoró"] == r.resumen["empeoraron"].sum()


def test_tasas_en_tabla_con_denominadores():
    anterior, actual = cortes_generados(semilla=3, n=500)
    tabla = calcular_rodamiento(anterior, actual).tasas()
    assert list(tabla["tasa"])[:2] == ["rodamiento", "rodamiento (saldo)"]
    assert (tabla["valor"] == tabla["numerador"] / tabla["denominador"]).all()
    assert tabla["base"].str.contains(" de ").all()


def test_llave_repetida_se_agrupa_por_deudor():
    anterior = pd.DataFrame({
        "cliente_id": ["A", "A", "B", "C"],
        "dias_mora": [10, 45, 0, 200],
        "saldo_vencido": [100.0, 50.0, 0.0, 70.0],
    })
    actual = pd.DataFrame({
        "cliente_id": ["A", "B", "B", "D"],
        "dias_mora": [70, 5, -2, 3],
        "saldo_vencido": [160.0, 20.0, 0.0, 10.0],
    })
    r = calcular_rodamiento(anterior, actual, llave="cliente_id")
    assert r.repetidas_anterior == 1 and r.repetidas_actual == 1
    m = r.matriz_cuentas
    assert m.loc["31–60", "61–90"] == 1  # A: máximo 45 → 70
    assert r.matriz_saldo.loc["31–60", "61–90"] == 150.0  # saldo sumado del corte anterior
    assert m.loc["Al día", "1–30"] == 1  # B: 0 → máximo 5
    assert m.loc["181+", SALIO] == 1  # C se fue
    assert r.entradas.loc["1–30", "cuentas"] == 1  # D entró
    assert m.to_numpy().sum() == 3
    assert r.rodamiento.numerador == 2 and r.rodamiento.denominador == 2
    assert r.cura.denominador == 2 and r.cura.numerador == 0 and r.cura.valor == 0


def test_sin_dias_de_mora_no_sale_ni_entra():
    anterior = pd.DataFrame({"cuenta": ["1", "2", "3"], "dias_mora": [5, None, 40],
                             "saldo_vencido": [1.0, 2.0, 3.0]})
    actual = pd.DataFrame({"cuenta": ["1", "2", "3"], "dias_mora": [None, 10, 40],
                           "saldo_vencido": [1.0, 2.0, 3.0]})
    r = calcular_rodamiento(anterior, actual)
    assert r.sin_mora_anterior == 1 and r.sin_mora_actual == 1
    assert r.cuentas_salieron == 0 and r.cuentas_entraron == 0
    assert r.matriz_cuentas.to_numpy().sum() == 1  # solo la cuenta 3 se compara
    assert r.cuentas_anterior == 1


def test_denominador_cero_da_nan():
    corte = pd.DataFrame({"cuenta": ["1"], "dias_mora": [0], "saldo_vencido": [0.0]})
    r = calcular_rodamiento(corte, corte)
    assert r.cura.denominador == 0 and math.isnan(r.cura.valor)
    assert math.isnan(r.flujo.loc["1–30", "tasa"])


def test_falta_columna_mensaje_en_espanol():
    corte = pd.DataFrame({"cuenta": ["1"], "dias_mora": [3]})
    with pytest.raises(ErrorDatos) as error:
        calcular_rodamiento(corte, corte)
    assert "La cartera anterior no tiene la columna «saldo_vencido»" in str(error.value)
