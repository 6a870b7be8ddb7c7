"""Cada informe cabe en 80 columnas y ningún número se corta con «…».

Cada comando se corre con una consola rich de 80 columnas que graba lo que muestra
(``Console(width=80, record=True)``); se revisa el texto exportado.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from rich.console import Console

from limonero_cli.bitacora import Bitacora
from limonero_cli.cli import limonero

EJEMPLOS = Path(__file__).resolve().parents[1] / "ejemplos"
CARTERA = EJEMPLOS / "cartera_ejemplo.xlsx"
NUMERO_CORTADO = re.compile(r"\d[^\s│┃]*…|…[^\s│┃]*\d")


def correr_en_80(monkeypatch, modulo: str, *argumentos) -> str:
    """Corre ``limonero <argumentos>`` con una consola de 80 columnas y devuelve lo que mostró."""
    import importlib

    grabadora = Console(width=80, record=True, highlight=False, soft_wrap=False, file=io.StringIO())
    monkeypatch.setattr(importlib.import_module(f"limonero_cli.cli.{modulo}"), "consola", lambda *a, **k: grabadora)
    r = CliRunner().invoke(limonero, [str(a) for a in argumentos], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return grabadora.export_text()


def revisar(texto: str) -> None:
    assert texto.strip(), "el informe no mostró nada"
    lineas = texto.splitlines()
    assert max(len(linea) for linea in lineas) <= 80, max(lineas, key=len)
    cortados = [linea for linea in lineas if NUMERO_CORTADO.search(linea)]
    assert not cortados, cortados[:3]
    assert "…" not in texto, [linea for linea in lineas if "…" in linea][:3]


def bitacora_grande(ruta: Path) -> None:
    """Deudores con saldos de miles de millones, tratamientos de nombre largo y asesores de nombre largo."""
    rng = np.random.default_rng(5)
    n = 3000
    ids = [f"D{i:05d}" for i in range(n)]
    tratamientos = np.array(["Contención digital", "Negociación personal", "Recuperación judicial temprana"])
    asesores = np.array(["MARÍA FERNANDA GÓMEZ", "ASESOR 01", "JUAN"])
    asig = pd.DataFrame({
        "cliente_id": ids, "asesor": asesores[rng.integers(0, 3, n)], "canal": "llamada", "segmento": "Temprano",
        "tratamiento": tratamientos[rng.integers(0, 3, n)], "variante": "A", "etapa": "Temprana",
        "saldo_vencido": rng.integers(1, 900, n) * 1_000_000.0,
    })
    codigos = rng.choice(["NC", "MT", "CT", "PP"], n, p=[0.3, 0.2, 0.2, 0.3])
    horas = pd.Timestamp("2025-03-03 08:00") + pd.to_timedelta(rng.integers(0, 10 * 3600, n), unit="s")
    horas = horas.where(rng.random(n) < 0.8, pd.Timestamp("2025-03-03"))  # del libro de la lista: sin hora
    tips = pd.DataFrame({
        "cliente_id": ids, "fecha_hora": horas, "asesor": asig["asesor"], "canal": "llamada", "codigo": codigos,
        "monto_promesa": np.where(codigos == "PP", 5e8, np.nan),
        "fecha_promesa": pd.Series(pd.Timestamp("2025-03-07"), index=range(n)).where(codigos == "PP"),
    })
    paga = (codigos == "PP") & (rng.random(n) < 0.6)
    pagos = pd.DataFrame({"cliente_id": np.array(ids)[paga], "fecha": pd.Timestamp("2025-03-06"), "monto": 5e8})
    with Bitacora.abrir(ruta) as b:
        b.registrar_asignaciones(date(2025, 3, 3), asig)
        b.cargar_tipificaciones(tips, "tips.xlsx")
        b.cargar_pagos(pagos, "pagos.xlsx")


@pytest.fixture()
def espacio(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bitacora_grande(tmp_path / "limonero.db")
    return tmp_path


@pytest.mark.parametrize("por", ["tratamiento", "tratamiento,asesor", "total"])
def test_embudo_en_80_columnas(espacio, monkeypatch, por):
    texto = correr_en_80(monkeypatch, "embudo", "embudo", "--fecha", "2025-03-31", "--por", por)
    revisar(texto)
    assert "Embudo desde el inicio hasta hoy" in texto


def test_asesores_en_80_columnas(espacio, monkeypatch):
    texto = correr_en_80(monkeypatch, "asesores", "asesores", "--fecha", "2025-03-31", "--desde", "2025-03-01")
    revisar(texto)
    assert "Asesores desde 2025-03-01 hasta hoy" in texto and "MARÍA FERNANDA" in texto
    assert "semáforo" in texto and "luz" not in texto


def test_mapa_pareto_y_capacidad_en_80_columnas(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for argumentos in (("mapa", CARTERA), ("mapa", CARTERA, "--filas", "dias_mora", "--bandas", "12"),
                       ("mapa", CARTERA, "--columnas", "producto")):
        revisar(correr_en_80(monkeypatch, "mapa", *argumentos))
    revisar(correr_en_80(monkeypatch, "pareto", "pareto", CARTERA))
    revisar(correr_en_80(monkeypatch, "pareto", "pareto", CARTERA, "--por", "producto"))
    texto = correr_en_80(monkeypatch, "capacidad", "capacidad", CARTERA, "--dias", "2", "--fecha", "2025-03-14")
    revisar(texto)
    assert "vie 14/03" in texto and "sin límite" in texto


def test_rodamiento_en_80_columnas(tmp_path, monkeypatch):
    """Dos cortes con miles de cuentas y saldos de miles de millones: nada se corta."""
    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(7)
    n = 12_000
    anterior = pd.DataFrame({"cuenta": [f"{i:06d}" for i in range(n)], "dias_mora": rng.integers(0, 250, n),
                             "saldo_vencido": rng.integers(1, 5000, n) * 1_000_000.0})
    anterior.loc[rng.random(n) < 0.3, "dias_mora"] = 0
    actual = anterior.sample(frac=0.85, random_state=1).copy()
    actual["dias_mora"] = np.where(rng.random(len(actual)) < 0.2, 0, actual["dias_mora"] + 30)
    anterior.to_csv(tmp_path / "marzo.csv", index=False)
    actual.to_csv(tmp_path / "abril.csv", index=False)
    texto = correr_en_80(monkeypatch, "rodamiento", "rodamiento", tmp_path / "marzo.csv", tmp_path / "abril.csv")
    revisar(texto)
    assert "-0,0" not in texto
    # Las matrices muestran cada conteo entero: la fila «Total» de la matriz en cuentas suma n.
    assert re.search(r"^Total .* 12\.000\s*$", texto, flags=re.M)
