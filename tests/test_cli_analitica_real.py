"""«limonero rodamiento» entre las dos exportaciones reales de la distribuidora (columnas que cambiaron).

La exportación de 2024-04 no trae «Cod. Cliente» ni teléfonos y sí «Fecha Saldado» y «Estado»;
las dos se leen con la hoja «columnas» de la estrategia por defecto. La cuenta es «Serie + Número».
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from limonero_cli.cli import limonero

COMPARTIDO = Path(__file__).resolve().parents[1].parent / "shared"
REALES = COMPARTIDO / "datos_reales"
ANTERIOR = REALES / "cartera_distribuidora_co_2024_04.xlsx"
ACTUAL = REALES / "cartera_distribuidora_co.xlsx"


def correr(*argumentos):
    return CliRunner().invoke(limonero, [str(a) for a in argumentos], catch_exceptions=False)


@pytest.fixture(scope="module")
def resultado():
    if not ANTERIOR.exists() or not ACTUAL.exists():
        pytest.skip("no está ../shared/datos_reales")
    r = correr("rodamiento", ANTERIOR, ACTUAL, "--formato", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_rodamiento_real_por_factura(resultado):
    matriz = {(f["tramo_anterior"], f["tramo_actual"]): f["cuentas"] for f in resultado["matriz"]}
    assert sum(matriz.values()) == resultado["cuentas_anterior"] > 5000
    # Los días de mora del corte de 2024-04 se contaron mucho después: todo está en 181+.
    assert sum(n for (origen, _), n in matriz.items() if origen != "181+") == 0
    # Casi ninguna factura de entonces sigue abierta; casi todas las de hoy son nuevas.
    assert resultado["cuentas_salieron"] > 0.99 * resultado["cuentas_anterior"]
    assert resultado["cuentas_entraron"] > 0.99 * resultado["cuentas_actual"]
    tasas = {t["tasa"]: t for t in resultado["tasas"]}
    assert tasas["rodamiento"]["denominador"] == 0 and tasas["rodamiento"]["valor"] is None
    assert tasas["salida"]["numerador"] == resultado["cuentas_salieron"]
    assert resultado["repetidas_anterior"] > 0


def test_rodamiento_real_en_la_terminal():
    if not ANTERIOR.exists():
        pytest.skip("no está ../shared/datos_reales")
    r = correr("rodamiento", ANTERIOR, ACTUAL, "--llave", "nombre", "--silencioso", "--formato", "markdown")
    assert r.exit_code == 0, r.output
    assert "### Matriz de rodamiento en cuentas" in r.stdout
    assert "por nombre." in r.stdout
