"""Bandas numéricas legibles para el mapa de posibilidades."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from limonero_cli.nucleo.tramos import bandas_desde_limites, bandas_numericas, formatear_cantidad


@pytest.mark.parametrize("valor, texto", [
    (0, "0"), (550, "550"), (9500, "9.500"), (95_000, "95 mil"), (500_000, "500 mil"),
    (1_000_000, "1 M"), (1_500_000, "1,5 M"), (2_500_000_000, "2.500 M"), (-20_000, "-20 mil"),
])
def test_formatear_cantidad(valor, texto):
    assert formatear_cantidad(valor) == texto


def test_cuartiles_redondos():
    bandas = bandas_numericas(pd.Series(range(0, 1_000_001, 1000)), n=4)
    assert bandas.limites == (250_000.0, 500_000.0, 750_000.0)
    assert bandas.etiquetas == ("0–250 mil", "250 mil–500 mil", "500 mil–750 mil", "750 mil o más")


def test_limites_legibles_en_datos_sesgados():
    rng = np.random.default_rng(5)
    saldos = pd.Series(rng.lognormal(13, 1.2, 10_000))
    bandas = bandas_numericas(saldos, n=5)
    assert 3 <= len(bandas.limites) <= 4
    for limite in bandas.limites:
        mantisa = limite / 10 ** np.floor(np.log10(limite))
        assert mantisa * 2 == int(mantisa * 2)  # 1; 1,5; 2; 2,5 ...
    # Cada banda tiene una parte razonable de los datos.
    asignadas = bandas.asignar(saldos)
    assert asignadas.notna().all()
    assert (asignadas.value_counts() > 0.08 * len(saldos)).all()


def test_asignar_bordes_cerrados_a_la_izquierda():
    bandas = bandas_desde_limites([550, 650], minimo=300)
    assert bandas.etiquetas == ("menos de 550", "550–650", "650 o más")
    valores = pd.Series([300, 549.9, 550, 649, 650, None])
    assert bandas.asignar(valores).tolist()[:5] == [
        "menos de 550", "menos de 550", "550–650", "550–650", "650 o más"]
    assert pd.isna(bandas.asignar(valores).iloc[5])


def test_muchos_empates_funden_bandas():
    valores = pd.Series([0.0] * 90 + [1000.0] * 10)
    bandas = bandas_numericas(valores, n=5)
    assert len(bandas.etiquetas) <= 2
    assert bandas.asignar(valores).value_counts().sum() == 100


def test_sin_datos_una_sola_banda():
    bandas = bandas_numericas(pd.Series([np.nan, np.nan]))
    assert bandas.etiquetas == ("todos",)
    assert bandas.asignar(pd.Series([1.0, 2.0])).tolist() == ["todos", "todos"]
