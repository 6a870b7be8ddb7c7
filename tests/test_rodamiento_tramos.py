"""Tramos de mora por defecto y personalizados."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from limonero_cli.errores import ErrorDatos
from limonero_cli.nucleo.tramos import (
    AL_DIA,
    ETIQUETAS_POR_DEFECTO,
    TRAMOS_POR_DEFECTO,
    asignar_tramo,
    crear_tramos,
)


def test_etiquetas_por_defecto():
    assert ETIQUETAS_POR_DEFECTO == (
        "Al día", "1–30", "31–60", "61–90", "91–120", "121–180", "181+")
    assert TRAMOS_POR_DEFECTO[0].desde is None and TRAMOS_POR_DEFECTO[0].hasta == 0
    assert TRAMOS_POR_DEFECTO[-1].desde == 181 and TRAMOS_POR_DEFECTO[-1].hasta is None


def test_bordes_de_los_tramos():
    dias = pd.Series([-5, 0, 1, 30, 31, 60, 61, 90, 91, 120, 121, 180, 181, 3317],
                     index=range(100, 114))
    tramo = asignar_tramo(dias)
    assert tramo.tolist() == [
        AL_DIA, AL_DIA, "1–30", "1–30", "31–60", "31–60", "61–90", "61–90", "91–120", "91–120",
        "121–180", "121–180", "181+", "181+"]
    assert list(tramo.index) == list(range(100, 114))
    assert tramo.cat.ordered
    assert list(tramo.cat.categories) == list(ETIQUETAS_POR_DEFECTO)


def test_vacios_y_tipos():
    dias = pd.Series(pd.array([3, None, 400], dtype="Int64"))
    assert asignar_tramo(dias).tolist()[0] == "1–30"
    assert pd.isna(asignar_tramo(dias).iloc[1])
    assert asignar_tramo(pd.Series([0.5, 30.9, 31.0])).tolist() == [AL_DIA, "1–30", "31–60"]
    assert asignar_tramo(pd.Series(["12", "x"])).tolist()[0] == "1–30"


def test_tramos_personalizados():
    tramos = crear_tramos([0, 15, 45])
    assert [t.etiqueta for t in tramos] == [AL_DIA, "1–15", "16–45", "46+"]
    assert asignar_tramo(pd.Series([0, 15, 16, 46]), tramos).tolist() == [
        AL_DIA, "1–15", "16–45", "46+"]
    with pytest.raises(ErrorDatos, match="crecientes"):
        crear_tramos([30, 10])


@given(st.lists(st.integers(-100, 5000), min_size=1, max_size=50))
def test_cada_dia_cae_en_su_tramo(valores):
    tramo = asignar_tramo(pd.Series(valores))
    for dias, etiqueta in zip(valores, tramo):
        t = next(t for t in TRAMOS_POR_DEFECTO if t.etiqueta == etiqueta)
        assert (t.desde is None or dias >= t.desde) and (t.hasta is None or dias <= t.hasta)
    assert not np.any(pd.isna(tramo))
