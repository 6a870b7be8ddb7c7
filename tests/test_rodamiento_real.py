"""Rodamiento entre dos exportaciones reales de la misma distribuidora (columnas que cambiaron).

Lo que se encontró (y estas pruebas fijan):

- la exportación de 2024-04 trae 6.298 facturas de abril de 2024 casi todas saldadas
  (``Estado`` = S) y sus ``DIAS_VENCIDO`` (419–448) se contaron mucho después del corte:
  todas caen en 181+, así que no es una foto de la mora de ese mes;
- no trae ``Cod. Cliente``: la llave por deudor no existe y la de factura (``Serie + Número``)
  casi no se repite entre las dos exportaciones, 15 meses aparte;
- por nombre de cliente sí se cruzan: la mayoría de los deudores de entonces ya no está.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from limonero_cli.nucleo.rodamiento import SALIO, calcular_rodamiento

COMPARTIDO = Path(__file__).resolve().parents[1].parent / "shared"
REALES = COMPARTIDO / "datos_reales"


@pytest.fixture(scope="module")
def cortes():
    if not (REALES / "cartera_distribuidora_co.xlsx").exists():
        pytest.skip("no está ../shared/datos_reales")
    from limonero_cli.hojas.entradas import leer_cartera

    anterior = leer_cartera(REALES / "cartera_distribuidora_co_2024_04.xlsx")
    actual = leer_cartera(REALES / "cartera_distribuidora_co.xlsx")
    return anterior.datos, actual.datos


def test_por_factura(cortes):
    anterior, actual = cortes
    r = calcular_rodamiento(anterior, actual)
    assert r.matriz_cuentas.to_numpy().sum() == r.cuentas_anterior
    assert r.cuentas_anterior == anterior["cuenta"].nunique()
    # Todo el corte anterior está en 181+ (días contados mucho después del corte).
    assert r.matriz_cuentas.drop(index="181+").to_numpy().sum() == 0
    assert r.matriz_cuentas.loc["181+", SALIO] > 0.99 * r.cuentas_anterior
    assert r.repetidas_anterior > 0  # Serie + Número repetidos (notas y facturas)
    assert r.cuentas_entraron > 0.99 * actual["cuenta"].nunique()
    assert r.rodamiento.denominador == 0  # nadie podía empeorar


def test_por_nombre_de_cliente(cortes):
    anterior, actual = cortes
    r = calcular_rodamiento(anterior, actual, llave="nombre")
    assert r.cuentas_anterior == anterior["nombre"].nunique()
    siguen = r.cuentas_anterior - r.cuentas_salieron
    assert 100 < siguen < r.cuentas_anterior / 2
    assert r.cura.numerador == r.matriz_cuentas.loc["181+", "Al día"] > 0
    assert r.cura.denominador == r.cuentas_anterior
