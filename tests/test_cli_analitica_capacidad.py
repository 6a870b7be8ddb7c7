"""«limonero capacidad» por la línea de comandos: coincide con las listas que «lista» arma cada día."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from limonero_cli.cli import limonero

EJEMPLOS = Path(__file__).resolve().parents[1] / "ejemplos"


def correr(*argumentos):
    return CliRunner().invoke(limonero, [str(a) for a in argumentos], catch_exceptions=False)


PEQUENA = pd.DataFrame({
    "No. Cuenta": ["0001", "0002", "0003"],
    "Documento Cliente": ["D1", "D1", "D2"],
    "Días de Mora": [5, 40, 200],
    "Saldo Vencido": [100000, 50000, 900000],
})


# ---------------------------------------------------------------------------
# capacidad contra las listas que «limonero lista» arma cada día


def test_capacidad_coincide_con_lista_dia_a_dia(tmp_path, monkeypatch):
    from limonero_cli.hojas.entradas import leer_cartera

    datos = leer_cartera(EJEMPLOS / "cartera_ejemplo.xlsx", columnas={"cliente_id": "Documento Cliente"}).datos
    deudores = sorted(datos["cliente_id"].unique())[:500]
    base = datos[datos["cliente_id"].isin(deudores)][
        ["cuenta", "cliente_id", "nombre", "dias_mora", "saldo_vencido", "producto", "asesor", "telefono",
         "score", "pais"]]
    monkeypatch.chdir(tmp_path)
    assert correr("init", ".").exit_code == 0
    fechas = ["2025-03-13", "2025-03-14", "2025-03-15"]
    demanda_listas = {}
    for k, fecha in enumerate(fechas):
        ruta = tmp_path / f"cartera_{k}.csv"
        base.assign(dias_mora=base["dias_mora"] + k).to_csv(ruta, index=False)
        r = correr("lista", ruta, "--fecha", fecha, "--silencioso")
        assert r.exit_code == 0, r.output
        desborde = tmp_path / "listas" / fecha / "desborde.csv"
        if desborde.exists():
            for canal, n in pd.read_csv(desborde)["canal"].value_counts().items():
                demanda_listas[(fecha, canal)] = demanda_listas.get((fecha, canal), 0) + int(n)
    from limonero_cli.bitacora import Bitacora

    with Bitacora.abrir(tmp_path / "limonero.db") as bitacora:
        asignaciones = bitacora.asignaciones()
    for (fecha, canal), n in asignaciones.groupby([asignaciones["fecha"].dt.strftime("%Y-%m-%d"), "canal"]).size().items():
        demanda_listas[(fecha, canal)] = demanda_listas.get((fecha, canal), 0) + int(n)
    assert sum(demanda_listas.values()) > 100

    r = correr("capacidad", tmp_path / "cartera_0.csv", "--dias", "3", "--fecha", fechas[0], "--formato", "json",
               "--bitacora", tmp_path / "otra.db")
    assert r.exit_code == 0, r.output
    carga = json.loads(r.stdout)["carga"]
    proyectada = {(f["fecha"], f["canal"]): f["demanda"] for f in carga if f["demanda"]}
    assert proyectada == demanda_listas


def test_capacidad_en_terminal_y_errores(tmp_path):
    cartera_csv = tmp_path / "cartera.csv"
    PEQUENA.to_csv(cartera_csv, index=False)
    r = correr("capacidad", cartera_csv, "--dias", "2", "--fecha", "2025-03-14", "--bitacora", tmp_path / "no.db")
    assert r.exit_code == 0, r.output
    assert "Carga de 2025-03-14 a 2025-03-15 (2 días)" in r.stdout and "nadie paga" in r.stdout
    assert "Asesores disponibles: 4, con 440 gestiones al día entre todos." in r.stdout
    r = correr("capacidad", cartera_csv, "--dias", "2", "--cura", "abc")
    assert r.exit_code == 2 and "«abc» no es un porcentaje" in r.output
    r = correr("capacidad", cartera_csv)
    assert r.exit_code == 2 and "--dias" in r.output
    r = correr("capacidad", cartera_csv, "--dias", "2", "-o", tmp_path / "c.csv")
    assert r.exit_code == 2 and "se escribe como libro .xlsx" in r.stderr
