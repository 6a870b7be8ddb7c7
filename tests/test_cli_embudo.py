"""El comando embudo: periodo, dimensiones, formatos, metas, campeón/retador y libro xlsx con gráficos."""

import json
from datetime import date

import numpy as np
import openpyxl
import pandas as pd
from click.testing import CliRunner

from limonero_cli.bitacora import Bitacora
from limonero_cli.cli import limonero

CLAVES = {"grupo", "asignadas", "gestionadas", "contactadas", "contacto_titular", "promesas", "promesas_cumplidas",
          "monto_recuperado"}


def bitacora(ruta, n=200, semilla=3):
    """Deudores del segmento Temprano repartidos en Contención (A) y Contención digital (B), y unos de Tardío."""
    rng = np.random.default_rng(semilla)
    ids = [f"D{i:04d}" for i in range(n)]
    brazo = rng.random(n) < 0.8
    asig = pd.DataFrame(
        {
            "cliente_id": ids,
            "asesor": rng.choice(["A01", "A02"], n),
            "canal": "llamada",
            "segmento": np.where(np.arange(n) < n - 20, "Temprano", "Tardío"),
            "tratamiento": np.where(np.arange(n) >= n - 20, "Solución", np.where(brazo, "Contención", "Contención digital")),
            "variante": np.where(np.arange(n) >= n - 20, "A", np.where(brazo, "A", "B")),
            "etapa": "Temprana",
            "saldo_vencido": 1000.0,
        }
    )
    codigos = rng.choice(["NC", "MT", "CT", "PP"], n, p=[0.3, 0.2, 0.2, 0.3])
    tips = pd.DataFrame(
        {
            "cliente_id": ids,
            "fecha_hora": pd.Timestamp("2025-03-03 10:00"),
            "asesor": asig["asesor"],
            "canal": "llamada",
            "codigo": codigos,
            "monto_promesa": np.where(codigos == "PP", 500.0, np.nan),
            "fecha_promesa": pd.Series(pd.Timestamp("2025-03-07"), index=range(n)).where(codigos == "PP"),
        }
    )
    paga = (codigos == "PP") & (rng.random(n) < 0.6)
    pagos = pd.DataFrame({"cliente_id": np.array(ids)[paga], "fecha": pd.Timestamp("2025-03-06"), "monto": 500.0})
    with Bitacora.abrir(ruta) as b:
        b.registrar_asignaciones(date(2025, 3, 3), asig)
        b.cargar_tipificaciones(tips, "tips.xlsx")
        b.cargar_pagos(pagos, "pagos.xlsx")
        b.registrar_asignaciones(date(2025, 2, 1), asig.head(5))  # fuera del periodo
    return asig, tips, pagos


def correr(*argumentos):
    return CliRunner().invoke(limonero, ["embudo", "--fecha", "2025-03-31", *argumentos])


def test_json_una_fila_por_grupo_y_cifras(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    asig, tips, pagos = bitacora(tmp_path / "limonero.db")
    r = correr("--desde", "2025-03-01", "--hasta", "2025-03-31", "--formato", "json")
    assert r.exit_code == 0, r.output
    filas = json.loads(r.output)
    assert isinstance(filas, list) and all(CLAVES <= set(f) for f in filas)
    por_grupo = {f["grupo"]: f for f in filas}
    esperado = asig.assign(pp=tips["codigo"] == "PP").groupby("tratamiento")
    for tratamiento, grupo in esperado:
        assert por_grupo[tratamiento]["asignadas"] == len(grupo)
        assert por_grupo[tratamiento]["promesas"] == int(grupo["pp"].sum())
    assert sum(f["monto_recuperado"] for f in filas) == pagos["monto"].sum()
    assert sum(f["promesas_cumplidas"] for f in filas) == len(pagos)
    # Total y dos dimensiones.
    total = json.loads(correr("--por", "total", "--formato", "json").output)
    assert [f["grupo"] for f in total] == ["Total"] and total[0]["asignadas"] == len(asig)
    dos = json.loads(correr("--por", "segmento,variante", "--formato", "json").output)
    assert {f["grupo"] for f in dos} == {"Temprano / A", "Temprano / B", "Tardío / A"}


def test_terminal_metas_hipotesis_y_campeon_contra_retador(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bitacora(tmp_path / "limonero.db")
    r = correr()
    assert r.exit_code == 0, r.output
    assert "Hipótesis de cada tratamiento" in r.output and "se sostiene" in r.output
    assert "Campeón contra retador" in r.output
    assert "«B · Contención digital»" in r.output and "«A · Contención»" in r.output
    assert max(len(linea) for linea in r.output.splitlines()) <= 80
    md = correr("--por", "variante", "--formato", "markdown").output
    assert "**Campeón contra retador**" in md and "| Temprano" in md
    # Con poca muestra, el veredicto lo dice.
    (tmp_path / "limonero.db").unlink()
    bitacora(tmp_path / "limonero.db", n=40)
    r = correr("--por", "tratamiento")
    assert "Muestra demasiado pequeña para saber" in r.output


def test_xlsx_con_graficos_nativos(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bitacora(tmp_path / "limonero.db")
    r = correr("-o", "informe.xlsx", "--formato", "csv")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].startswith("grupo,")
    libro = openpyxl.load_workbook(tmp_path / "informe.xlsx")
    assert libro.sheetnames[:2] == ["Embudo por grupo", "Detalle"]
    assert len(libro["Embudo por grupo"]._charts) == 1 and len(libro["Metas"]._charts) == 1
    assert "Campeón y retador" in libro.sheetnames
    hoja = libro["Campeón y retador"]
    encabezado = [c.value for c in hoja[1]]
    assert hoja.cell(2, encabezado.index("paso") + 1).value == "cumplieron la promesa"  # no «promesas_cumplidas»
    r = correr("-o", "informe.xlsx")
    assert r.exit_code == 2 and "ya existe" in r.output


def test_errores_de_uso(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = correr("--por", "tratamiento,etapa,canal")
    assert r.exit_code == 2 and "una o dos dimensiones, no por 3" in r.output
    r = correr("--por", "color")
    assert r.exit_code == 2 and "No se puede abrir el embudo por «color»" in r.output
    r = correr("--desde", "2025-03-05", "--hasta", "2025-03-01")
    assert r.exit_code == 2 and "--desde es posterior a --hasta" in r.output
