"""``limonero validar``: un informe útil para cada archivo real, y todos los errores de la estrategia a la vez."""

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from limonero_cli.cli import limonero

COMPARTIDO = Path(__file__).resolve().parents[1].parent / "shared"
REALES = COMPARTIDO / "datos_reales"
CASOS = COMPARTIDO / "casos"


def validar(*argumentos):
    resultado = CliRunner().invoke(limonero, ["validar", *map(str, argumentos), "--formato", "json"])
    return resultado.exit_code, json.loads(resultado.output)


@pytest.mark.skipif(not REALES.exists(), reason="sin ../shared/datos_reales")
@pytest.mark.parametrize(
    "archivo, tipo, filas",
    [
        ("cartera_distribuidora_co.xlsx", "cartera", 3123),
        ("cartera_distribuidora_co_2024_04.xlsx", "cartera", 6298),
        ("cobranza_erp_mx.csv", "cartera", 834),
        ("cartera_seguros_co.xlsx", "cartera", 7),
        ("cartera_demo_ec.xlsx", "cartera", 26),
        ("exportacion_vicidial_formato.txt", "tipificaciones", 40),
    ],
)
def test_cada_archivo_real_da_un_informe(archivo, tipo, filas, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, informe = validar(REALES / archivo)
    assert informe["tipo"] == tipo
    assert informe["resumen"]["filas_leidas"] == filas
    if tipo == "cartera":
        assert informe["valido"], informe["problemas"]
        assert {"cuenta", "saldo_vencido"} <= set(informe["resumen"]["campos"])


@pytest.mark.skipif(not REALES.exists(), reason="sin ../shared/datos_reales")
def test_archivo_sin_lo_necesario_dice_que_falta_y_sale_con_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    codigo, informe = validar(REALES / "cobranza_pe.xlsx")
    assert codigo == 1 and not informe["valido"]
    assert "saldo_vencido" in informe["problemas"][0]["mensaje"]


@pytest.mark.skipif(not CASOS.exists(), reason="sin ../shared/casos")
def test_libro_con_contrasena_es_un_problema_del_informe(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    codigo, informe = validar(CASOS / "20_password_protected.xlsx")
    assert codigo == 1
    assert "contraseña" in informe["problemas"][0]["mensaje"]


def test_estrategia_con_varios_errores_los_muestra_todos(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(limonero, ["init", "."]).exit_code == 0
    libro = openpyxl.load_workbook(tmp_path / "estrategia.xlsx")
    eventos = libro["eventos"]
    encabezado = [c.value for c in eventos[1]]
    eventos.cell(row=2, column=encabezado.index("canal") + 1).value = "paloma mensajera"
    etapas = libro["etapas"]
    encabezado_etapas = [c.value for c in etapas[1]]
    etapas.cell(row=3, column=encabezado_etapas.index("desde") + 1).value = -3  # se monta sobre la preventiva
    libro.save(tmp_path / "estrategia.xlsx")

    codigo, informe = validar("estrategia.xlsx")
    assert codigo == 1 and informe["tipo"] == "estrategia"
    errores = [p for p in informe["problemas"] if p["gravedad"] == "error"]
    hojas = {p["hoja"] for p in errores}
    assert {"eventos", "etapas"} <= hojas
    evento = next(p for p in errores if p["hoja"] == "eventos")
    assert evento["fila"] == 2 and "paloma" in evento["mensaje"]

    resultado = CliRunner().invoke(limonero, ["lista", "no_importa.xlsx"])
    assert resultado.exit_code != 0


def test_estrategia_por_defecto_valida(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(limonero, ["init", "."])
    codigo, informe = validar("estrategia.xlsx")
    assert codigo == 0 and informe["valido"]


def test_archivo_sin_encabezado_se_lee_con_la_lista_de_columnas(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ruta = tmp_path / "deudores.txt"
    ruta.write_text("Pérez, Ana\t0012\t12\t  1.234,50 \r\nGómez, Luis\t0013\t40\t  27.605.761,51 \r\n", encoding="utf-8")
    codigo, informe = validar(ruta)
    assert codigo == 1 and "no tiene fila de encabezados" in informe["problemas"][0]["mensaje"]
    codigo, informe = validar(ruta, "--sin-encabezado", "nombre,cuenta,dias_mora,saldo_vencido")
    assert codigo == 0, informe["problemas"]
    assert informe["resumen"]["filas_leidas"] == 2
