"""Lo recuperado empieza con la asignación; metas sin datos; textos del embudo en español."""

import json
from datetime import date

import numpy as np
import pandas as pd
from click.testing import CliRunner
from rich.console import Console

from limonero_cli.bitacora import Bitacora
from limonero_cli.cli import limonero
from limonero_cli.informes import embudo as informe
from limonero_cli.informes.formato import compacto, periodo, porcentaje
from limonero_cli.nucleo.embudo import calcular_embudo, comparar_metas
from limonero_cli.nucleo.tipificaciones import NIVELES

CATALOGO = pd.DataFrame(
    {
        "codigo": ["NC", "TT", "CT", "NEG", "PP", "YP"],
        "descripcion": ["No contesta", "Tercero", "Titular", "Negocia", "Promesa", "Ya pagó"],
        "nivel": list(NIVELES),
        "requiere_monto": [False, False, False, False, True, False],
        "requiere_fecha": [False, False, False, False, True, False],
        "final": [False] * 6,
        "peso": [1, 2, 3, 4, 5, 6],
    }
)


def datos():
    """A asignado el 14 y el 20; B asignado el 10; C nunca asignado."""
    asig = pd.DataFrame({
        "fecha": pd.to_datetime(["2025-03-14", "2025-03-20", "2025-03-10"]),
        "cliente_id": ["A", "A", "B"], "tratamiento": ["T1", "T2", "T1"], "saldo_vencido": [1000.0, 900.0, 500.0],
    })
    tips = pd.DataFrame(columns=["cliente_id", "fecha_hora", "codigo", "monto_promesa", "fecha_promesa"])
    pagos = pd.DataFrame({
        "cliente_id": ["A", "A", "A", "A", "B", "B", "C"],
        "fecha": pd.to_datetime(["2025-03-05", "2025-03-13", "2025-03-14", "2025-03-22", "2025-03-09", "2025-03-31",
                                 "2025-03-15"]),
        "monto": [100.0, 200.0, 40.0, 8.0, 1000.0, 3.0, 77.0],
    })
    return asig, tips, pagos


def calcular(desde=None, hasta=None, por=None):
    asig, tips, pagos = datos()
    return calcular_embudo(asig, tips, pagos, CATALOGO, por, desde, hasta, 2, 5.0, date(2025, 3, 31))


def test_no_cuenta_pagos_anteriores_a_la_primera_asignacion():
    total = calcular().iloc[0]
    # A: su primera asignación es el 14 → cuentan 40 (el mismo 14) y 8 (el 22), no 100 ni 200.
    # B: asignado el 10 → no cuentan los 1.000 del 9; sí los 3 del 31. C nunca fue asignado.
    assert total["monto_recuperado"] == 40.0 + 8.0 + 3.0
    # A cuenta en el grupo de su última asignación (T2) pero su recuperado empieza en la primera (el 14).
    por_trat = calcular(por=["tratamiento"]).set_index("grupo")
    assert por_trat.loc["T2", "monto_recuperado"] == 48.0 and por_trat.loc["T1", "monto_recuperado"] == 3.0


def test_la_primera_asignacion_es_la_del_periodo_y_hasta_corta():
    # Periodo del 15 al 25: A solo tiene la asignación del 20 → cuenta el pago del 22; B no está asignado.
    fila = calcular(date(2025, 3, 15), date(2025, 3, 25)).iloc[0]
    assert (fila["asignadas"], fila["monto_recuperado"]) == (1, 8.0)
    # Hasta el 21: el pago del 22 queda fuera.
    assert calcular(date(2025, 3, 15), date(2025, 3, 21)).iloc[0]["monto_recuperado"] == 0.0


def test_ejemplo_del_novato_lista_del_14_y_pagos_del_5_al_13(tmp_path, monkeypatch):
    """Una sola lista el 2025-03-14 y pagos del 5 al 13: no hay nada recuperado."""
    monkeypatch.chdir(tmp_path)
    asig = pd.DataFrame({"cliente_id": ["A", "B"], "tratamiento": "T1", "saldo_vencido": 100.0, "asesor": "x"})
    pagos = pd.DataFrame({"cliente_id": ["A", "B", "Z", "A"],
                          "fecha": pd.to_datetime(["2025-03-05", "2025-03-13", "2025-03-14", "2025-03-14"]),
                          "monto": [10.0, 20.0, 5.0, 7.0]})  # Z nunca se asignó; A pagó 7 el día de la lista
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        b.registrar_asignaciones(date(2025, 3, 14), asig)
        b.cargar_pagos(pagos, "pagos.xlsx")
    r = CliRunner().invoke(limonero, ["embudo", "--fecha", "2025-03-14", "--formato", "json"])
    assert r.exit_code == 0, r.output
    assert [f["monto_recuperado"] for f in json.loads(r.output)] == [7.0]
    # Lo pagado antes de la lista no es recuperado, pero se informa para que la cifra cuadre con los pagos.
    assert [f["monto_antes_de_asignar"] for f in json.loads(r.output)] == [30.0]
    tabla = " ".join(CliRunner().invoke(limonero, ["embudo", "--fecha", "2025-03-14"]).output.split())
    # 10 + 20 + 5 + 7 = 42 = 7 recuperado + 30 antes de asignar + 5 de Z, que no se asignó.
    assert ("Todos los pagos del periodo suman 42: 7 recuperado, 30 de estos deudores antes de su primera "
            "asignación y 5 de deudores no asignados en el periodo.") in tabla
    # Con el periodo desde el 6, el pago del 5 queda fuera: solo cuentan los 20 del 13.
    r = CliRunner().invoke(limonero, ["embudo", "--fecha", "2025-03-14", "--desde", "2025-03-06", "--formato", "json"])
    assert [f["monto_antes_de_asignar"] for f in json.loads(r.output)] == [20.0]
    # -o escribe un libro de Excel: otro nombre sería un archivo ilegible.
    r = CliRunner().invoke(limonero, ["embudo", "--fecha", "2025-03-14", "-o", "embudo.csv"])
    assert r.exit_code == 2 and "-o embudo.csv: el informe se escribe como libro .xlsx." in r.output
    assert not (tmp_path / "embudo.csv").exists()


def test_metas_sin_datos_no_son_incumplidas():
    # Día uno: 2 asignados, nadie gestionado.
    embudo = pd.DataFrame([{"grupo": "T1", "tratamiento": "T1", "asignadas": 2, "gestionadas": 0, "contactadas": 0,
                            "contacto_titular": 0, "promesas": 0, "promesas_cumplidas": 0, "monto_prometido": 0.0,
                            "monto_recuperado": 0.0, "saldo_asignado": 0.0}])
    metas = pd.DataFrame({"tratamiento": ["T1"], "meta_contacto": [0.45], "meta_promesa": [0.25],
                          "meta_recuperacion": [0.1]})
    t = comparar_metas(embudo, metas)
    # contacto = 0/0, promesa = 0/0, recuperación = 0/0: ninguna con datos.
    assert t["cumple"].isna().all() and t["hipotesis_se_cumple"].isna().all()
    filas = informe.filas_hipotesis(t)
    assert filas == [["T1", "sin datos suficientes", "0 de 0", "3 sin datos"]]
    consola = Console(width=80, record=True)
    informe.mostrar(consola, embudo, {"T1": {"meta_contacto": 0.45}}, ["tratamiento"], None, None, t)
    salida = consola.export_text()
    assert "sin datos" in salida and "/ 45 ✗" not in salida and "no se sostiene" not in salida
    md = informe.como_markdown(embudo, {"T1": {"meta_contacto": 0.45}}, ["tratamiento"], t)
    assert "sin datos (meta 45 %)" in md and "✗" not in md


def test_textos_del_embudo():
    assert periodo(None, None) == "desde el inicio hasta hoy"
    assert periodo(date(2025, 3, 1), date(2025, 3, 31)) == "del 2025-03-01 al 2025-03-31"
    assert periodo(date(2025, 3, 1), None) == "desde 2025-03-01 hasta hoy"
    assert periodo(None, date(2025, 3, 31)) == "desde el inicio hasta 2025-03-31"
    consola = Console(width=80, record=True)
    informe.mostrar(consola, calcular(por=["tratamiento"]), {}, ["tratamiento"], None, None)
    salida = consola.export_text()
    assert "Embudo desde el inicio hasta hoy" in salida and "del inicio al hoy" not in salida
    for etiqueta in ("Asignados", "Gestionados", "Contactados", "Contacto con titular", "Con promesa",
                     "Cumplieron la promesa", "Recuperado", "% de los asignados", "Asign."):
        assert etiqueta in salida
    assert "Asignadas" not in salida and "recuperacion" not in salida
    assert max(len(linea) for linea in salida.splitlines()) <= 80


def test_porcentaje_sin_cero_negativo_y_compacto():
    assert porcentaje(-0.0000001) == "0,0 %" and porcentaje(-0.0) == "0,0 %"
    assert porcentaje(-0.004) == "-0,4 %"
    assert compacto(3_500_000) == "3,5 M" and compacto(1_013_200_000) == "1.013 M" and compacto(0.0) == "0"
    assert np.isnan(float("nan")) and compacto(float("nan")) == "—"


def test_por_desconocido_menciona_total(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(limonero, ["embudo", "--por", "foo"])
    assert r.exit_code == 2 and "«total»" in r.output
