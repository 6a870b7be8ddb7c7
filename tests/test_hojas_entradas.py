"""Entradas: tipificaciones desde un libro de listas, pagos, y errores claros; detección de archivos hostiles."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
import xlsxwriter

from limonero_cli.errores import ErrorArchivo, ErrorDatos
from limonero_cli.hojas.detectar import detectar_formato
from limonero_cli.hojas.entradas import leer_cartera, leer_pagos, leer_tipificaciones

COLUMNAS_LISTA = [
    "prioridad", "fecha_lista", "asesor", "canal", "accion", "motivo", "cliente_id", "nombre", "telefono", "telefono2",
    "email", "cuentas", "n_cuentas", "saldo_vencido", "dias_mora", "etapa", "segmento", "tratamiento", "variante",
    "argumento", "texto_argumento", "producto", "oferta", "tipificacion", "monto_promesa", "fecha_promesa", "comentario",
]


def _libro_de_listas(ruta):
    libro = xlsxwriter.Workbook(str(ruta))
    resumen = libro.add_worksheet("Resumen")
    resumen.write_row(0, 0, ["asesor", "deudores"])
    resumen.write_row(1, 0, ["ana", 3])
    capturas = {
        "ana": [("pp ", 1500, "20/03/2024", "promete"), (None, None, None, None), ("nc", None, None, None)],
        "beto": [(None, None, None, None), ("RPC", None, None, "sin dinero")],
    }
    for asesor, filas in capturas.items():
        hoja = libro.add_worksheet(asesor)
        hoja.write_row(0, 0, COLUMNAS_LISTA)
        for i, (codigo, monto, fecha, comentario) in enumerate(filas, start=1):
            valores = {c: None for c in COLUMNAS_LISTA}
            valores.update(prioridad=i, fecha_lista="2024-03-15", asesor=asesor, canal="llamada", cliente_id=f"0{i}{asesor}",
                           tipificacion=codigo, monto_promesa=monto, fecha_promesa=fecha, comentario=comentario)
            for j, c in enumerate(COLUMNAS_LISTA):
                if valores[c] is not None:
                    hoja.write(i, j, valores[c])
    libro.close()


def test_tipificaciones_desde_libro_de_listas(tmp_path):
    ruta = tmp_path / "lista_2024-03-15.xlsx"
    _libro_de_listas(ruta)
    entrada = leer_tipificaciones(ruta)
    assert entrada.leidas == 5 and entrada.sin_gestion == 2
    assert entrada.leidas == len(entrada.datos) + len(entrada.rechazos) + entrada.sin_gestion
    assert entrada.datos["codigo"].tolist() == ["PP", "NC", "RPC"]
    assert entrada.datos["cliente_id"].tolist() == ["01ana", "03ana", "02beto"]
    assert entrada.datos["_fila"].tolist() == [2, 4, 3]
    assert entrada.datos["monto_promesa"].iloc[0] == 1500.0
    assert entrada.datos["fecha_promesa"].iloc[0] == pd.Timestamp("2024-03-20")
    assert (entrada.datos["fecha_hora"] == pd.Timestamp("2024-03-15")).all()


def test_pagos_rechazos_con_motivo(tmp_path):
    ruta = tmp_path / "pagos.csv"
    ruta.write_text("cuenta;fecha;monto\nC1;15/03/2024;1.000,00\nC2;;50\nC3;16/03/2024;abc\n;17/03/2024;10\n", encoding="utf-8")
    entrada = leer_pagos(ruta)
    assert entrada.datos["cuenta"].tolist() == ["C1"]
    assert entrada.rechazos["_fila"].tolist() == [3, 4, 5]
    assert entrada.rechazos["motivo"].tolist()[0] == "falta «fecha»"
    assert "monto" in entrada.rechazos["motivo"].tolist()[1]
    assert entrada.leidas == 4 == len(entrada.datos) + len(entrada.rechazos)


def test_cartera_sin_columna_obligatoria(tmp_path):
    ruta = tmp_path / "cartera.csv"
    ruta.write_text("cuenta,nombre\nC1,Ana\n", encoding="utf-8")
    with pytest.raises(ErrorDatos) as error:
        leer_cartera(ruta)
    mensaje = str(error.value)
    assert "cartera.csv" in mensaje and "«saldo_vencido»" in mensaje and "«nombre»" in mensaje and "columnas" in mensaje


def test_cartera_dias_desde_vencimiento_y_cliente_por_defecto(tmp_path):
    ruta = tmp_path / "cartera.csv"
    ruta.write_text("No. Cuenta;Fecha Vencimiento;Saldo Vencido\n0012;01/03/2024;1.000\n0013;;5\n", encoding="cp1252")
    import datetime as dt

    entrada = leer_cartera(ruta, fecha_corte=dt.date(2024, 3, 15))
    assert entrada.datos["cuenta"].tolist() == ["0012"] and entrada.datos["cliente_id"].tolist() == ["0012"]
    assert entrada.datos["dias_mora"].tolist() == [14]
    assert entrada.rechazos["motivo"].tolist() == ["falta «dias_mora»"]


def test_archivos_hostiles_y_disfrazados(tmp_path):
    vacio = tmp_path / "vacio.xlsx"
    vacio.write_bytes(b"")
    with pytest.raises(ErrorArchivo, match="vacío"):
        detectar_formato(vacio)
    roto = tmp_path / "roto.xlsx"
    roto.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ErrorArchivo, match="dañado"):
        detectar_formato(roto)
    bomba = tmp_path / "bomba.xlsx"
    with zipfile.ZipFile(bomba, "w", zipfile.ZIP_DEFLATED) as paquete:
        paquete.writestr("[Content_Types].xml", "<Types/>")
        paquete.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024**2))
    with pytest.raises(ErrorArchivo, match="bomba de descompresión"):
        detectar_formato(bomba)
    word = tmp_path / "cartera.xlsx"
    with zipfile.ZipFile(word, "w") as paquete:
        paquete.writestr("[Content_Types].xml", "<Types>wordprocessingml.document.main+xml</Types>")
    with pytest.raises(ErrorArchivo, match="Word"):
        detectar_formato(word)
    cifrado = tmp_path / "cifrado.xlsx"
    cifrado.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le"))
    with pytest.raises(ErrorArchivo, match="contraseña"):
        detectar_formato(cifrado)
    entidad = tmp_path / "entidad.xlsx"
    with zipfile.ZipFile(entidad, "w") as paquete:
        paquete.writestr("[Content_Types].xml", "<Types>spreadsheetml.sheet.main+xml</Types>")
        paquete.writestr("xl/workbook.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    with pytest.raises(ErrorArchivo, match="defusedxml"):
        detectar_formato(entidad)
    html = tmp_path / "reporte.xls"
    html.write_bytes("<html><body><table><tr><td>cuenta</td><td>nombre</td></tr><tr><td>C1</td><td>Peña</td></tr></table>".encode("cp1252"))
    assert detectar_formato(html) == "html"
    from limonero_cli.hojas.leer import leer_tabla

    assert leer_tabla(html).datos["nombre"].tolist() == ["Peña"]


def test_xlsx_con_la_hoja_danada_al_principio_da_un_error_claro(tmp_path):
    """Los primeros bytes comprimidos de la hoja, basura: antes salía «Error inesperado (error): Error -3 while
    decompressing data» desde la revisión de entidades."""
    ruta = tmp_path / "danado.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet("Cartera")
    for i in range(200):
        hoja.write_row(i, 0, [f"cuenta {i}", i * 3.5, "texto repetido para comprimir"])
    libro.close()
    datos = bytearray(ruta.read_bytes())
    with zipfile.ZipFile(ruta) as paquete:
        parte = paquete.getinfo("xl/worksheets/sheet1.xml")
    inicio = parte.header_offset + 30 + len(parte.filename.encode()) + len(parte.extra)
    datos[inicio:inicio + 8] = b"\xff" * 8
    ruta.write_bytes(bytes(datos))
    with pytest.raises(ErrorArchivo, match="está dañado"):
        detectar_formato(ruta)
    with pytest.raises(ErrorArchivo):
        leer_cartera(ruta)
