"""Exportaciones de marcador (Vicidial): equivalencias de códigos y carga de punta a punta."""

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from limonero_cli.bitacora import Bitacora
from limonero_cli.cli import limonero
from limonero_cli.errores import ErrorEstrategia
from limonero_cli.estrategia.cargar import estrategia_desde_hojas, estrategia_por_defecto
from limonero_cli.estrategia.defecto import hojas_por_defecto
from limonero_cli.nucleo.tipificaciones import (
    es_exportacion_de_marcador,
    promesa_en_comentario,
    validar_tipificaciones,
)

COMPARTIDO = Path(__file__).resolve().parents[1].parent / "shared"
VICIDIAL = COMPARTIDO / "datos_reales" / "exportacion_vicidial_formato.txt"

ENCABEZADO = "call_date\tstatus\tuser\tvendor_lead_code\tlead_id\tcomments\tstatus_name"
FILAS = [
    "2024-03-15 09:07:00\tRPC\t1001\tC1\t1\t\tContacto titular",
    "2024-03-15 09:15:00\tA\tVDAD\tC2\t2\t\tAnswering Machine",
    "2024-03-15 09:20:00\tPTP\t1003\tC3\t3\tpromete 1.500,00 el 20/03\tPromesa de pago",
    "2024-03-15 09:30:00\tPTP\t1003\tC4\t4\tsin monto\tPromesa de pago",
    "2024-03-15 09:40:00\tXYZ\t1002\tC5\t5\t\tAlgo raro",
    "2024-03-15 09:50:00\tna\tVDAD\tC6\t6\t\tNo Answer AutoDial",
]


def escribir_exportacion(ruta: Path, filas=FILAS) -> Path:
    ruta.write_bytes(("\r\n".join([ENCABEZADO] + filas) + "\r\n").encode("utf-8"))
    return ruta


def test_equivalencias_de_la_estrategia_por_defecto():
    e = estrategia_por_defecto()
    eq = e.equivalencias()
    assert (eq["NA"], eq["DROP"], eq["B"], eq["A"], eq["AA"], eq["CALLBK"], eq["RPC"], eq["TER"]) == (
        "NC", "NC", "OC", "OC", "OC", "TI", "CT", "MT")
    assert eq["PTP"] == "PP" and eq["NI"] == "RP" and eq["DC"] == "FS" and eq["DNC"] == "NL"
    assert e.tipificacion("NC").equivalencias[:2] == ("NA", "N")


def test_un_codigo_del_marcador_en_dos_codigos_es_error():
    hojas = hojas_por_defecto()
    tip = hojas["tipificaciones"].copy()
    tip.loc[tip["codigo"] == "OC", "equivalencias"] = "B, na"
    hojas["tipificaciones"] = tip
    with pytest.raises(ErrorEstrategia) as error:
        estrategia_desde_hojas(hojas, "e.xlsx")
    textos = [p.como_texto() for p in error.value.problemas]
    assert any("«NA» ya equivale a «NC»" in t and "equivalencias" in t for t in textos), textos


def test_un_codigo_del_marcador_igual_a_otro_del_catalogo_es_error():
    hojas = hojas_por_defecto()
    tip = hojas["tipificaciones"].copy()
    tip.loc[tip["codigo"] == "OC", "equivalencias"] = "B, CT"
    hojas["tipificaciones"] = tip
    with pytest.raises(ErrorEstrategia) as error:
        estrategia_desde_hojas(hojas, "e.xlsx")
    assert any("«CT» ya es un código del catálogo" in p.mensaje for p in error.value.problemas)


def test_promesa_en_comentario():
    montos, fechas = promesa_en_comentario(
        pd.Series(["promete 1.500,00 el 20/03", "paga $2,500.50 el 5/1", "nada", None, "promesa 300 el 10/04/2025"]),
        pd.Series(pd.to_datetime(["2024-03-15 10:00", "2024-12-20 10:00", "2024-03-15 10:00", "2024-03-15 10:00",
                                   "2024-03-15 10:00"])),
    )
    assert montos.tolist()[:2] == [1500.0, 2500.5] and montos.isna().tolist()[2:4] == [True, True]
    assert montos.iloc[4] == 300.0
    assert fechas.tolist()[0] == pd.Timestamp("2024-03-20")
    assert fechas.tolist()[1] == pd.Timestamp("2025-01-05")  # sin año y antes de la gestión: el año siguiente
    assert fechas.tolist()[4] == pd.Timestamp("2025-04-10")


def test_traduccion_y_rechazos_en_el_nucleo():
    e = estrategia_por_defecto()
    datos = pd.DataFrame(
        {
            "cuenta": ["C1", "C2", "C3", "C4", "C5"],
            "fecha_hora": pd.to_datetime(["2024-03-15 09:00"] * 5),
            "asesor": ["1001", "VDAD", "1003", "1003", "1002"],
            "codigo": ["RPC", "A", "PTP", "CT", "XYZ"],
            "comentario": [None, None, "promete 100 el 20/03", None, None],
            "status_name": ["x"] * 5,
            "lead_id": ["1", "2", "3", "4", "5"],
        }
    )
    assert es_exportacion_de_marcador(datos)
    validas, rechazadas = validar_tipificaciones(datos, e.catalogo(), e.equivalencias())
    assert validas["codigo"].tolist() == ["CT", "OC", "PP", "CT"]
    assert validas["codigo_marcador"].tolist() == ["RPC", "A", "PTP", "CT"]
    assert validas["canal"].tolist() == ["llamada"] * 4
    assert validas["asesor"].tolist() == ["1001", None, "1003", "1003"]
    assert validas["monto_promesa"].iloc[2] == 100.0
    assert rechazadas["motivo"].tolist() == ["el código XYZ del marcador no tiene equivalencia en el catálogo"]
    # Fuera de una exportación de marcador, el mensaje de siempre (y la traducción igual funciona).
    validas, rechazadas = validar_tipificaciones(datos.drop(columns=["status_name", "lead_id"]), e.catalogo(),
                                                 e.equivalencias())
    # (sin leer el comentario: la promesa sin monto ni fecha se rechaza).
    assert validas["codigo"].tolist() == ["CT", "OC", "CT"]
    assert validas["canal"].isna().all()
    assert rechazadas["motivo"].tolist() == [
        "el código exige un monto de promesa mayor que cero; el código exige una fecha de promesa",
        "el código «XYZ» no está en el catálogo de tipificaciones",
    ]


def test_carga_de_punta_a_punta_con_una_exportacion_pequena(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ruta = escribir_exportacion(tmp_path / "vicidial.txt")
    r = CliRunner().invoke(limonero, ["cargar", "tipificaciones", str(ruta)])
    assert r.exit_code == 0, r.output
    assert "2 filas rechazadas" in r.output
    rechazos = next((tmp_path / "rechazos").glob("*.csv")).read_text(encoding="utf-8-sig")
    assert "el código XYZ del marcador no tiene equivalencia en el catálogo" in rechazos
    assert "el código exige un monto de promesa mayor que cero" in rechazos
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        t = b.tipificaciones().set_index("cuenta")
        ingestas = b.ingestas()
    assert t["codigo"].to_dict() == {"C1": "CT", "C2": "OC", "C3": "PP", "C6": "NC"}
    assert set(t["canal"]) == {"llamada"}
    assert t.loc["C2", "asesor"] is None and t.loc["C1", "asesor"] == "1001"
    assert (t.loc["C3", "monto_promesa"], t.loc["C3", "fecha_promesa"]) == (1500.0, pd.Timestamp("2024-03-20"))
    fila = ingestas.iloc[0]
    assert (fila["leidas"], fila["cargadas"], fila["rechazadas"]) == (6, 4, 2)
    # Idempotente: la segunda vez no agrega nada.
    r = CliRunner().invoke(limonero, ["cargar", "tipificaciones", str(ruta)])
    assert "ya estaban en la bitácora" in r.output


def test_carga_de_la_exportacion_vicidial_real(tmp_path, monkeypatch):
    if not VICIDIAL.exists():
        pytest.skip("no está ../shared/datos_reales")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(limonero, ["cargar", "tipificaciones", str(VICIDIAL)])
    assert r.exit_code == 0, r.output
    original = pd.read_csv(VICIDIAL, sep="\t", dtype=str, keep_default_na=False)
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        t = b.tipificaciones()
    assert len(t) == len(original) == 40  # todas cargadas: cada estado tiene equivalencia
    esperado = original["status"].map(estrategia_por_defecto().equivalencias())
    assert sorted(t["codigo"]) == sorted(esperado)
    assert set(t["canal"]) == {"llamada"}
    humanos = original.loc[original["user"] != "VDAD", "user"]
    assert sorted(t["asesor"].dropna()) == sorted(humanos)
    promesas = t[t["codigo"] == "PP"]
    assert len(promesas) == 2 and (promesas["monto_promesa"] == 1500.0).all()
    assert (promesas["fecha_promesa"] == pd.Timestamp("2024-03-20")).all()
