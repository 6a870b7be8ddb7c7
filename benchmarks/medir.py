"""Mide limonero a escala (100 mil y 1 millón de cuentas) contra el piso de entrada/salida.

No es una prueba: se corre a propósito y tarda minutos. Genera (y guarda para
reutilizar) carteras realistas, un registro de tipificaciones y una bitácora
grande; corre los comandos como los corre un usuario (el script ``limonero``
instalado, en un espacio de trabajo nuevo hecho con ``limonero init``), con
memoria máxima; y en la misma corrida mide el piso: leer la misma entrada con el
lector más rápido disponible y escribir las mismas filas de salida con el
escritor más rápido, sin ningún otro trabajo.

Uso::

    python benchmarks/medir.py                                  # 100 mil y 1 millón
    python benchmarks/medir.py --tamanos 100000 --repeticiones 3
    python benchmarks/medir.py --con-1m-xlsx --perfil

Los datos quedan en ``benchmarks/datos/`` (ignorada por git); la tabla, en
``benchmarks/resultados.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

CARPETA_BENCH = Path(__file__).resolve().parent
SEMILLA = 20250314
FECHA_CORTE = dt.date(2025, 3, 14)  # viernes, hábil en Colombia
BIN = Path(sys.executable).parent
LIMONERO = str(BIN / "limonero") if (BIN / "limonero").exists() else (shutil.which("limonero") or "limonero")

ENCABEZADOS_CARTERA = [
    "No. Cuenta", "Documento Cliente", "Nombre", "Producto", "Sucursal", "Región", "Asesor",
    "Días de Mora", "Saldo Vencido", "Saldo Total", "Teléfono", "Teléfono 2", "Email", "Score",
    "Fecha Último Pago", "No Contactar", "País",
]
ENCABEZADOS_TIPIFICACIONES = [
    "Cuenta", "Fecha Hora", "Asesor", "Canal", "Código", "Monto Promesa", "Fecha Promesa",
]
CODIGOS = ["NC", "OC", "FS", "NE", "MT", "TI", "CT", "RP", "DI", "SD", "SR", "PP", "PR", "YP", "FA", "NL"]
PESOS_CODIGO = [0.38, 0.08, 0.04, 0.03, 0.06, 0.06, 0.05, 0.04, 0.02, 0.02, 0.04, 0.10, 0.03, 0.02, 0.02, 0.01]
CODIGOS_PROMESA = ("PP", "PR")
CANALES = ["llamada", "whatsapp", "sms"]
PESOS_CANAL = [0.80, 0.15, 0.05]

NOMBRES = np.array([
    "JUAN", "CARLOS", "ANDRES", "JOSE", "LUIS", "JORGE", "DIEGO", "MIGUEL", "JULIAN", "SANTIAGO",
    "CAMILO", "FELIPE", "DAVID", "OSCAR", "HERNAN", "MARIA", "ANA", "LUZ", "CLAUDIA", "SANDRA",
    "PAOLA", "DIANA", "MARTHA", "GLORIA", "ANGELA", "CAROLINA", "NATALIA", "LINA", "ADRIANA", "LAURA",
])
SEGUNDOS = np.array(["", "", "", "ALBERTO ", "ANDRES ", "FELIPE ", "ANTONIO ", "ISABEL ", "PATRICIA ", "DEL PILAR "])
APELLIDOS = np.array([
    "RODRIGUEZ", "GOMEZ", "GONZALEZ", "MARTINEZ", "GARCIA", "LOPEZ", "HERNANDEZ", "SANCHEZ",
    "RAMIREZ", "PEREZ", "DIAZ", "MUÑOZ", "ROJAS", "MORENO", "JIMENEZ", "VARGAS", "CASTRO",
    "GUTIERREZ", "ALVAREZ", "RUIZ", "OSORIO", "CARDONA", "RESTREPO", "PATIÑO", "CASTAÑO", "PEÑA", "CÁRDENAS",
])
SUCURSALES = np.array(["BOGOTA CENTRO", "BOGOTA NORTE", "MEDELLIN", "CALI", "BARRANQUILLA", "CARTAGENA",
                       "BUCARAMANGA", "PEREIRA", "MANIZALES", "VILLAVICENCIO"])
REGIONES = np.array(["Centro", "Centro", "Antioquia", "Occidente", "Caribe", "Caribe",
                     "Oriente", "Eje Cafetero", "Eje Cafetero", "Llanos"])
INDICATIVOS = np.array(["601", "601", "604", "602", "605", "605", "607", "606", "606", "608"])
PESOS_SUCURSAL = [0.18, 0.12, 0.15, 0.12, 0.09, 0.06, 0.08, 0.08, 0.06, 0.06]
PRODUCTOS = np.array(["TDC", "PERSONAL", "NOMINA", "VEHICULO"])
PESOS_PRODUCTO = [0.45, 0.30, 0.18, 0.07]
SALDO_MEDIO = np.array([2_500_000, 6_000_000, 9_000_000, 30_000_000])
DOMINIOS = np.array(["gmail.com", "gmail.com", "hotmail.com", "outlook.com", "yahoo.es"])

PASOS = ("ayuda", "lista", "segmentar", "cargar", "embudo", "historia")

METAS = {
    "lista_xlsx": "≤ 1,5× el piso",
    "lista_csv": "< 30 s y < 3 GiB (1 millón)",
    "cargar": "< 20 s (1 millón)",
    "cargar_otra_vez": "< 10 s, nada agregado",
    "embudo": "< 3 s (5 millones)",
    "ayuda": "< 0,3 s",
}


# --------------------------------------------------------------------------- generación


def _rng(*partes: int) -> np.random.Generator:
    return np.random.default_rng([SEMILLA, *partes])


def _ids_unicos(rng: np.random.Generator, n: int, digitos: int) -> np.ndarray:
    """``n`` enteros distintos de hasta ``digitos`` cifras, en orden aleatorio."""
    candidatos = np.unique(rng.integers(10 ** (digitos - 3), 10**digitos, size=int(n * 1.05) + 100))
    while len(candidatos) < n:
        extra = rng.integers(10 ** (digitos - 3), 10**digitos, size=n)
        candidatos = np.unique(np.concatenate([candidatos, extra]))
    return rng.permutation(candidatos)[:n]


def _ceros(numeros: np.ndarray, ancho: int) -> pd.Series:
    return pd.Series(numeros.astype(str)).str.zfill(ancho)


def generar_cartera(n: int) -> pd.DataFrame:
    """Cartera de ``n`` cuentas con encabezados en español, varias cuentas por deudor.

    Ids como texto con ceros a la izquierda; teléfonos como texto; montos, días y
    score numéricos; fechas como ``datetime64``; celdas vacías como ``None``/NaN.
    """
    rng = _rng(1, n)
    n_deudores = max(1, int(n / 1.35))
    # Cada deudor tiene al menos una cuenta; el resto se reparte (varias cuentas por deudor).
    deudor = np.concatenate([np.arange(n_deudores), rng.integers(0, n_deudores, size=n - n_deudores)])
    deudor = rng.permutation(deudor)[:n]
    documentos = _ceros(_ids_unicos(rng, n_deudores, 10), 10).to_numpy(dtype=object)
    cuentas = _ceros(_ids_unicos(rng, n, 10), 10)

    nombre_deudor = (
        pd.Series(NOMBRES[rng.integers(0, len(NOMBRES), n_deudores)]) + " "
        + pd.Series(SEGUNDOS[rng.integers(0, len(SEGUNDOS), n_deudores)])
        + pd.Series(APELLIDOS[rng.integers(0, len(APELLIDOS), n_deudores)]) + " "
        + pd.Series(APELLIDOS[rng.integers(0, len(APELLIDOS), n_deudores)])
    ).to_numpy(dtype=object)
    n_asesores = max(5, min(500, n // 2000))
    asesores = np.array([f"ASESOR {i:03d}" for i in range(1, n_asesores + 1)], dtype=object)
    asesor_deudor = asesores[rng.integers(0, n_asesores, n_deudores)]
    asesor_deudor[rng.random(n_deudores) < 0.10] = None
    telefono_deudor = ("3" + pd.Series(rng.integers(100_000_000, 249_999_999, n_deudores).astype(str))).to_numpy(
        dtype=object
    )
    telefono_deudor[rng.random(n_deudores) < 0.05] = None
    sucursal_deudor = rng.choice(len(SUCURSALES), n_deudores, p=PESOS_SUCURSAL)

    tramo = rng.choice(5, n, p=[0.05, 0.55, 0.18, 0.12, 0.10])
    limites = np.array([[-5, 1], [1, 31], [31, 91], [91, 181], [181, 401]])
    dias = rng.integers(limites[tramo, 0], limites[tramo, 1])
    producto = rng.choice(len(PRODUCTOS), n, p=PESOS_PRODUCTO)
    saldo_total = np.round(SALDO_MEDIO[producto] * rng.lognormal(0, 0.6, n), -3)
    fraccion = np.clip(0.03 + dias / 400, 0.02, 1.0) * rng.uniform(0.5, 1.5, n)
    saldo_vencido = np.round(np.minimum(saldo_total, saldo_total * fraccion), 2)
    saldo_vencido[dias <= 0] = 0.0
    score = np.clip(np.round(820 - dias * 1.2 + rng.normal(0, 60, n)), 300, 900).astype(np.int64)

    suc = sucursal_deudor[deudor]
    fijo = pd.Series(INDICATIVOS[suc]) + pd.Series(rng.integers(2_000_000, 7_999_999, n).astype(str))
    fijo = fijo.to_numpy(dtype=object)
    fijo[rng.random(n) < 0.65] = None
    nombres = nombre_deudor[deudor]
    email = (
        pd.Series(nombres).str.split(" ").str[0].str.lower()
        + pd.Series(rng.integers(1, 99, n).astype(str)) + "@"
        + pd.Series(DOMINIOS[rng.integers(0, len(DOMINIOS), n)])
    ).to_numpy(dtype=object)
    email[rng.random(n) < 0.30] = None
    ultimo_pago = (
        np.datetime64(FECHA_CORTE, "D") - (np.maximum(dias, 0) + rng.integers(1, 30, n)).astype("timedelta64[D]")
    ).astype("datetime64[ns]")
    ultimo_pago = pd.Series(ultimo_pago).where(rng.random(n) > 0.15)
    no_contactar = np.where(rng.random(n) < 0.01, "SI", None).astype(object)

    return pd.DataFrame({
        "No. Cuenta": cuentas.to_numpy(dtype=object),
        "Documento Cliente": documentos[deudor],
        "Nombre": nombres,
        "Producto": PRODUCTOS[producto].astype(object),
        "Sucursal": SUCURSALES[suc].astype(object),
        "Región": REGIONES[suc].astype(object),
        "Asesor": asesor_deudor[deudor],
        "Días de Mora": dias.astype(np.int64),
        "Saldo Vencido": saldo_vencido,
        "Saldo Total": saldo_total.astype(np.int64),
        "Teléfono": telefono_deudor[deudor],
        "Teléfono 2": fijo,
        "Email": email,
        "Score": score,
        "Fecha Último Pago": ultimo_pago,
        "No Contactar": no_contactar,
        "País": np.full(n, "CO", dtype=object),
    })


def _dias_habiles(hasta: dt.date, cuantos: int) -> list[dt.date]:
    dias, dia = [], hasta
    while len(dias) < cuantos:
        dia -= dt.timedelta(days=1)
        if dia.weekday() < 5:
            dias.append(dia)
    return sorted(dias)


def generar_tipificaciones(n: int, cartera: pd.DataFrame, dias: int = 20) -> pd.DataFrame:
    """``n`` intentos de contacto de los ``dias`` hábiles antes del corte, con el catálogo por defecto.

    PP y PR traen monto y una fecha posterior a la llamada; el resto, vacíos.
    """
    rng = _rng(2, n, len(cartera))
    fila = rng.integers(0, len(cartera), n)
    habiles = np.array(_dias_habiles(FECHA_CORTE, dias), dtype="datetime64[D]")
    dia = habiles[rng.integers(0, len(habiles), n)]
    segundos = rng.integers(int(7.5 * 3600), 19 * 3600, n)
    fecha_hora = dia.astype("datetime64[s]") + segundos.astype("timedelta64[s]")
    codigo = np.array(CODIGOS, dtype=object)[rng.choice(len(CODIGOS), n, p=PESOS_CODIGO)]
    promesa = np.isin(codigo, CODIGOS_PROMESA)
    saldo = cartera["Saldo Vencido"].to_numpy()[fila]
    monto = np.where(promesa, np.maximum(np.round(saldo * rng.uniform(0.3, 1.0, n), -3), 10_000.0), np.nan)
    fecha_promesa = (dia + rng.integers(1, 11, n).astype("timedelta64[D]")).astype("datetime64[ns]")
    asesor = cartera["Asesor"].to_numpy(dtype=object)[fila].copy()
    sin_asesor = pd.isna(asesor)
    asesor[sin_asesor] = "ASESOR 001"
    tabla = pd.DataFrame({
        "Cuenta": cartera["No. Cuenta"].to_numpy(dtype=object)[fila],
        "Fecha Hora": fecha_hora.astype("datetime64[ns]"),
        "Asesor": asesor,
        "Canal": np.array(CANALES, dtype=object)[rng.choice(len(CANALES), n, p=PESOS_CANAL)],
        "Código": codigo,
        "Monto Promesa": monto,
        "Fecha Promesa": pd.Series(fecha_promesa).where(promesa),
    })
    return tabla.sort_values("Fecha Hora", kind="stable").reset_index(drop=True)


def escribir_csv(datos: pd.DataFrame, ruta: Path) -> None:
    """CSV UTF-8 con pandas: fechas ISO, vacíos como celdas vacías."""
    temporal = ruta.with_suffix(".tmp")
    datos.to_csv(temporal, index=False, encoding="utf-8", date_format="%Y-%m-%d %H:%M:%S")
    # Fechas sin hora (la última gestión, la promesa) salen como AAAA-MM-DD 00:00:00: el
    # lector las acepta; se dejan así, como las exporta más de un sistema central.
    temporal.replace(ruta)


def escribir_xlsx(datos: pd.DataFrame, ruta: Path, hoja: str = "Cartera") -> None:
    """Libro xlsx fila por fila con xlsxwriter en ``constant_memory`` y escrituras tipadas."""
    import xlsxwriter

    temporal = ruta.with_name(ruta.stem + ".tmp.xlsx")
    libro = xlsxwriter.Workbook(str(temporal), {"constant_memory": True, "strings_to_numbers": False,
                                                "strings_to_formulas": False, "strings_to_urls": False})
    formato_fecha = libro.add_format({"num_format": "dd/mm/yyyy"})
    hoja_xlsx = libro.add_worksheet(hoja)
    hoja_xlsx.write_row(0, 0, list(datos.columns))
    columnas = []
    for nombre in datos.columns:
        serie = datos[nombre]
        if serie.dtype.kind == "M":
            valores = [None if pd.isna(v) else v.to_pydatetime() for v in serie]
            columnas.append((valores, "fecha"))
        elif serie.dtype.kind in "if":
            valores = serie.astype("float64").tolist()
            columnas.append(([None if v != v else v for v in valores], "numero"))
        else:
            valores = serie.astype(object).tolist()
            columnas.append(([v if isinstance(v, str) else None for v in valores], "texto"))
    escribir = {"fecha": hoja_xlsx.write_datetime, "numero": hoja_xlsx.write_number, "texto": hoja_xlsx.write_string}
    for fila, valores_fila in enumerate(zip(*(c[0] for c in columnas)), start=1):
        for col, (valor, (_, tipo)) in enumerate(zip(valores_fila, columnas)):
            if valor is None:
                continue
            if tipo == "fecha":
                escribir["fecha"](fila, col, valor, formato_fecha)
            else:
                escribir[tipo](fila, col, valor)
    libro.close()
    temporal.replace(ruta)


def preparar_cartera(carpeta: Path, n: int, xlsx: bool, avisar=print) -> dict[str, Path]:
    """Genera (o reutiliza) ``cartera_N.csv`` y, si se pide, ``cartera_N.xlsx``."""
    rutas = {"csv": carpeta / f"cartera_{n}.csv", "xlsx": carpeta / f"cartera_{n}.xlsx"}
    faltan = [f for f in ("csv", "xlsx") if (f == "csv" or xlsx) and not rutas[f].exists()]
    if faltan:
        inicio = time.perf_counter()
        datos = generar_cartera(n)
        avisar(f"  cartera de {n:,} cuentas generada en {time.perf_counter() - inicio:.1f} s")
        for formato in faltan:
            inicio = time.perf_counter()
            (escribir_csv if formato == "csv" else escribir_xlsx)(datos, rutas[formato])
            avisar(f"  {rutas[formato].name} escrito en {time.perf_counter() - inicio:.1f} s")
    if not xlsx:
        rutas.pop("xlsx")
    return rutas


def preparar_tipificaciones(carpeta: Path, n: int, n_cartera: int, avisar=print) -> Path:
    ruta = carpeta / f"tipificaciones_{n}_de_{n_cartera}.csv"
    if not ruta.exists():
        inicio = time.perf_counter()
        datos = generar_tipificaciones(n, generar_cartera(n_cartera))
        escribir_csv(datos, ruta)
        avisar(f"  {ruta.name} escrito en {time.perf_counter() - inicio:.1f} s")
    return ruta


def preparar_bitacora(carpeta: Path, n: int, n_cartera: int, dias: int = 60, tramo: int = 500_000,
                      avisar=print) -> Path:
    """Bitácora con ``n`` tipificaciones, sus asignaciones y pagos, cargada con la propia ``Bitacora``.

    Cada día hábil se asigna una muestra de deudores y sus intentos salen de esa
    muestra, así el embudo tiene sentido. Se guarda en la carpeta de datos.
    """
    from limonero_cli.bitacora.bitacora import Bitacora

    ruta = carpeta / f"bitacora_{n}_de_{n_cartera}.db"
    if ruta.exists():
        return ruta
    inicio = time.perf_counter()
    temporal = ruta.with_suffix(".tmp.db")
    temporal.unlink(missing_ok=True)
    cartera = generar_cartera(n_cartera)
    rng = _rng(3, n, n_cartera)
    deudores = cartera.drop_duplicates("Documento Cliente")
    ids = deudores["Documento Cliente"].to_numpy(dtype=object)
    cuenta_de = deudores["No. Cuenta"].to_numpy(dtype=object)
    saldo_de = deudores["Saldo Vencido"].to_numpy()
    mora_de = deudores["Días de Mora"].to_numpy()
    asesor_de = deudores["Asesor"].fillna("ASESOR 001").to_numpy(dtype=object)
    habiles = _dias_habiles(FECHA_CORTE, dias)
    por_dia = max(1, n // len(habiles))
    asignados_dia = max(1, min(len(ids), por_dia // 2))
    tratamientos = np.array(["Recordatorio", "Contención", "Contención digital", "Solución",
                             "Negociación personal", "Recuperación"], dtype=object)
    etapas = np.array(["Temprana", "Media", "Tardía", "Recuperación"], dtype=object)
    with Bitacora.abrir(temporal) as bitacora:
        bitacora.registrar_cuentas(pd.DataFrame({"cuenta": cartera["No. Cuenta"],
                                                 "cliente_id": cartera["Documento Cliente"]}))
        pendientes: list[pd.DataFrame] = []
        cargadas = 0
        for i, dia in enumerate(habiles):
            cuantos = por_dia if i < len(habiles) - 1 else n - por_dia * (len(habiles) - 1)
            elegidos = rng.choice(len(ids), asignados_dia, replace=False)
            trat = rng.integers(0, len(tratamientos), asignados_dia)
            bitacora.registrar_asignaciones(dia, pd.DataFrame({
                "cliente_id": ids[elegidos],
                "cuentas": cuenta_de[elegidos],
                "asesor": asesor_de[elegidos],
                "canal": np.where(trat == 2, "sms", "llamada").astype(object),
                "accion": np.full(asignados_dia, "llamar", dtype=object),
                "motivo": np.full(asignados_dia, "evento", dtype=object),
                "segmento": tratamientos[trat],
                "tratamiento": tratamientos[trat],
                "variante": np.where(rng.random(asignados_dia) < 0.8, "campeon", "retador").astype(object),
                "etapa": etapas[rng.integers(0, len(etapas), asignados_dia)],
                "saldo_vencido": saldo_de[elegidos],
                "dias_mora": mora_de[elegidos],
                "producto": np.full(asignados_dia, None, dtype=object),
                "argumento": np.full(asignados_dia, "recordatorio", dtype=object),
            }))
            quien = elegidos[rng.integers(0, asignados_dia, cuantos)]
            codigo = np.array(CODIGOS, dtype=object)[rng.choice(len(CODIGOS), cuantos, p=PESOS_CODIGO)]
            promesa = np.isin(codigo, CODIGOS_PROMESA)
            dia64 = np.datetime64(dia, "D")
            segundos = rng.integers(int(7.5 * 3600), 19 * 3600, cuantos).astype("timedelta64[s]")
            pendientes.append(pd.DataFrame({
                "cuenta": cuenta_de[quien],
                "cliente_id": ids[quien],
                "fecha_hora": (dia64.astype("datetime64[s]") + segundos).astype("datetime64[ns]"),
                "asesor": asesor_de[quien],
                "canal": np.array(CANALES, dtype=object)[rng.choice(len(CANALES), cuantos, p=PESOS_CANAL)],
                "codigo": codigo,
                "monto_promesa": np.where(promesa, np.maximum(np.round(saldo_de[quien] * 0.6, -3), 10_000.0), np.nan),
                "fecha_promesa": pd.Series((dia64 + rng.integers(1, 8, cuantos).astype("timedelta64[D]"))
                                           .astype("datetime64[ns]")).where(promesa),
            }))
            if sum(len(p) for p in pendientes) >= tramo or i == len(habiles) - 1:
                bloque = pd.concat(pendientes, ignore_index=True)
                pendientes = []
                bloque["_fila"] = np.arange(1, len(bloque) + 1)
                resultado = bitacora.cargar_tipificaciones(bloque, origen=f"generado_{i}.csv")
                cargadas += resultado.cargadas
                avisar(f"  bitácora: {cargadas:,} de {n:,} tipificaciones ({time.perf_counter() - inicio:.0f} s)")
        # Pagos: uno de cada tres prometidos paga (casi) lo prometido.
        tips = bitacora._leer(  # solo lectura, para generar pagos coherentes
            "SELECT cliente_id, fecha_promesa, monto_promesa FROM tipificaciones WHERE monto_promesa IS NOT NULL", []
        )
        pagan = tips.sample(frac=0.35, random_state=SEMILLA)
        pagos = pd.DataFrame({
            "cliente_id": pagan["cliente_id"].to_numpy(dtype=object),
            "cuenta": None,
            "fecha": pd.to_datetime(pagan["fecha_promesa"]).to_numpy(),
            "monto": pd.to_numeric(pagan["monto_promesa"]).to_numpy() * rng.choice([1.0, 1.0, 0.9, 0.5], len(pagan)),
            "referencia": None,
        })
        pagos = pagos[pagos["fecha"] <= pd.Timestamp(FECHA_CORTE)]
        bitacora.cargar_pagos(pagos.reset_index(drop=True), origen="pagos_generados.csv")
    temporal.replace(ruta)
    avisar(f"  {ruta.name} lista en {time.perf_counter() - inicio:.0f} s")
    return ruta


# --------------------------------------------------------------------------- medición


@dataclass
class Corrida:
    segundos: float
    mib: float | None
    codigo: int
    salida: str
    error: str


def correr(argumentos: list[str], carpeta: Path, entorno: dict | None = None) -> Corrida:
    """Corre un comando como lo corre un usuario; mide tiempo de reloj y memoria máxima."""
    tiempo_v = Path("/usr/bin/time")
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as archivo_tiempo:
        informe_tiempo = Path(archivo_tiempo.name)
    prefijo = [str(tiempo_v), "-v", "-o", str(informe_tiempo)] if tiempo_v.exists() else []
    antes = _maxrss_hijos()
    inicio = time.perf_counter()
    proceso = subprocess.run(prefijo + argumentos, cwd=carpeta, capture_output=True, text=True,
                             env=entorno or _entorno())
    segundos = time.perf_counter() - inicio
    mib = None
    if prefijo:
        texto = informe_tiempo.read_text(encoding="utf-8", errors="replace")
        hallado = re.search(r"Maximum resident set size \(kbytes\): (\d+)", texto)
        mib = int(hallado.group(1)) / 1024 if hallado else None
    else:
        despues = _maxrss_hijos()
        mib = despues / 1024 if despues > antes else None  # solo se ve si supera a los anteriores
    informe_tiempo.unlink(missing_ok=True)
    return Corrida(segundos, mib, proceso.returncode, proceso.stdout, proceso.stderr)


def _maxrss_hijos() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def _entorno() -> dict:
    entorno = dict(os.environ)
    entorno.update({"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "PYTHONWARNINGS": "ignore"})
    entorno.pop("LIMONERO_ESTRATEGIA", None)
    entorno.pop("LIMONERO_BITACORA", None)
    return entorno


def espacio_nuevo(base: Path) -> Path:
    """Un espacio de trabajo nuevo hecho con ``limonero init``."""
    carpeta = Path(tempfile.mkdtemp(prefix="ws_", dir=base))
    corrida = correr([LIMONERO, "init", "."], carpeta)
    if corrida.codigo != 0:
        raise RuntimeError(f"limonero init falló ({corrida.codigo}): {corrida.error.strip()}")
    return carpeta


def cronometrar(funcion, repeticiones: int) -> float:
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        funcion()
        tiempos.append(time.perf_counter() - inicio)
    return statistics.median(tiempos)


# --------------------------------------------------------------------------- piso de E/S


def leer_xlsx_calamine(ruta: Path):
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(ruta)).get_sheet_by_index(0).to_python()


def leer_xlsx_fastexcel(ruta: Path):
    """fastexcel: el análisis del libro ocurre en ``load_sheet`` (Rust); a pandas solo si hay pyarrow."""
    import fastexcel

    hoja = fastexcel.read_excel(str(ruta)).load_sheet(0)
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return hoja
    return hoja.to_pandas()


def leer_csv_c(ruta: Path):
    return pd.read_csv(ruta, engine="c")


def lectores_xlsx() -> dict:
    lectores = {"python-calamine": leer_xlsx_calamine}
    try:
        import fastexcel  # noqa: F401

        lectores["fastexcel"] = leer_xlsx_fastexcel
    except ImportError:
        pass
    return lectores


def piso_leer(ruta: Path, repeticiones: int) -> tuple[float, dict[str, float]]:
    """Mediana del lector más rápido disponible para ``ruta``; y las de cada lector."""
    if ruta.suffix == ".csv":
        lectores = {"pandas (motor C)": leer_csv_c}
    else:
        lectores = lectores_xlsx()
    tiempos = {nombre: cronometrar(lambda f=f: f(ruta), repeticiones) for nombre, f in lectores.items()}
    return min(tiempos.values()), tiempos


@dataclass
class SalidaLista:
    hojas: dict[str, list[list]] = field(default_factory=dict)  # hoja -> filas (con encabezado)
    csvs: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def filas_asesores(self) -> int:
        return sum(len(f) - 1 for h, f in self.hojas.items() if h != "Resumen")

    @property
    def filas_masivas(self) -> int:
        return sum(len(d) for d in self.csvs.values())


def leer_salida_lista(carpeta: Path) -> SalidaLista:
    """Lee lo que escribió ``limonero lista`` (fuera del cronómetro) para reescribirlo en el piso."""
    from python_calamine import CalamineWorkbook

    salida = SalidaLista()
    for libro in sorted(carpeta.rglob("lista_*.xlsx")):
        wb = CalamineWorkbook.from_path(str(libro))
        for nombre in wb.sheet_names:
            salida.hojas[nombre] = wb.get_sheet_by_name(nombre).to_python()
    for archivo in sorted(carpeta.rglob("*.csv")):
        salida.csvs[archivo.name] = pd.read_csv(archivo, dtype=str, keep_default_na=False)
    return salida


def escribir_xlsxwriter(salida: SalidaLista, destino: Path) -> None:
    import xlsxwriter

    libro = xlsxwriter.Workbook(str(destino), {"constant_memory": True})
    for nombre, filas in salida.hojas.items():
        hoja = libro.add_worksheet(nombre[:31])
        for i, fila in enumerate(filas):
            hoja.write_row(i, 0, fila)
    libro.close()


def escribir_jetxl(salida: SalidaLista, destino: Path) -> None:
    import jetxl

    hojas = []
    for nombre, filas in salida.hojas.items():
        if not filas:
            continue
        encabezado = [str(c) or f"c{i}" for i, c in enumerate(filas[0])]
        columnas = {c: [f[i] for f in filas[1:]] for i, c in enumerate(encabezado)}
        hojas.append({"name": nombre[:31], "columns": columnas})
    jetxl.write_sheets(hojas, str(destino), os.cpu_count() or 1)


def escribir_rustpy(salida: SalidaLista, destino: Path) -> None:
    import rustpy_xlsxwriter

    hojas = []
    for nombre, filas in salida.hojas.items():
        if not filas:
            continue
        encabezado = [str(c) or f"c{i}" for i, c in enumerate(filas[0])]
        hojas.append((nombre[:31], [dict(zip(encabezado, f)) for f in filas[1:]]))
    rustpy_xlsxwriter.write_worksheets(hojas, str(destino))


def escritores_xlsx() -> dict:
    escritores = {"xlsxwriter constant_memory": escribir_xlsxwriter}
    for modulo, funcion in (("jetxl", escribir_jetxl), ("rustpy_xlsxwriter", escribir_rustpy)):
        try:
            __import__(modulo)
            escritores[modulo] = funcion
        except ImportError:
            pass
    return escritores


def piso_escribir_lista(salida: SalidaLista, repeticiones: int, base: Path) -> tuple[float, dict[str, float]]:
    """Mediana de escribir las mismas filas de la lista con el escritor más rápido que funcione."""
    carpeta = Path(tempfile.mkdtemp(prefix="piso_", dir=base))

    def escribir_csvs():
        for nombre, datos in salida.csvs.items():
            datos.to_csv(carpeta / nombre, index=False)

    tiempo_csv = cronometrar(escribir_csvs, repeticiones) if salida.csvs else 0.0
    tiempos = {}
    for nombre, escribir in escritores_xlsx().items():
        destino = carpeta / f"piso_{nombre.split()[0]}.xlsx"
        try:
            tiempos[nombre] = cronometrar(lambda e=escribir, d=destino: e(salida, d), repeticiones)
            _comprobar_relectura(salida, destino)
        except (TypeError, ValueError, KeyError, OSError, RuntimeError, AssertionError) as error:
            tiempos[nombre + " (falló: " + str(error)[:60] + ")"] = float("inf")  # se informa como «falló»
    shutil.rmtree(carpeta, ignore_errors=True)
    detalle = {k: v for k, v in tiempos.items()}
    detalle["csv masivos (pandas)"] = tiempo_csv
    return min(tiempos.values()) + tiempo_csv, detalle


def _comprobar_relectura(salida: SalidaLista, destino: Path) -> None:
    """Un escritor joven solo cuenta si lo escrito se relee con las mismas filas."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(destino))
    for nombre, filas in salida.hojas.items():
        if filas:
            leidas = wb.get_sheet_by_name(nombre[:31]).to_python()
            assert len(leidas) == len(filas), f"{nombre}: {len(leidas)} filas releídas de {len(filas)}"


def piso_cargar(ruta_csv: Path, repeticiones: int, base: Path) -> float:
    """Leer el CSV (motor C) e insertar sus filas en SQLite en una transacción, sin índice ni huella."""

    def una_vez():
        datos = pd.read_csv(ruta_csv, engine="c")
        destino = Path(tempfile.mkdtemp(prefix="piso_", dir=base)) / "piso.db"
        conexion = sqlite3.connect(str(destino))
        columnas = [f"c{i}" for i in range(datos.shape[1])]
        conexion.execute(f"CREATE TABLE t ({', '.join(columnas)})")
        filas = zip(*(datos[c].astype(object).where(datos[c].notna(), None).tolist() for c in datos.columns))
        with conexion:
            conexion.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(columnas))})", filas)
        conexion.close()
        shutil.rmtree(destino.parent, ignore_errors=True)

    return cronometrar(una_vez, repeticiones)


#: Las columnas de cada tabla que lee ``limonero embudo --por tratamiento`` (con campeón contra retador).
COLUMNAS_EMBUDO = {
    "asignaciones": ("fecha", "cliente_id", "saldo_vencido", "segmento", "tratamiento", "variante"),
    "tipificaciones": ("cliente_id", "fecha_hora", "codigo", "monto_promesa", "fecha_promesa"),
    "pagos": ("cliente_id", "fecha", "monto"),
}


def piso_embudo(ruta_db: Path, repeticiones: int) -> float:
    """Traer de la bitácora los bytes de las columnas que el embudo usa (su copia en columnas), sin calcular nada.

    Con una bitácora anterior a la copia (esquema < 4), traer esas columnas como filas de SQLite.
    """

    def una_vez():
        conexion = sqlite3.connect(f"file:{ruta_db}?mode=ro", uri=True)
        tablas = {fila[0] for fila in conexion.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for tabla, columnas in COLUMNAS_EMBUDO.items():
            if "columnas" in tablas:
                marcas = ", ".join("?" for _ in columnas)
                conexion.execute(f"SELECT datos, categorias FROM columnas WHERE tabla = ? AND columna IN ({marcas})",
                                 (tabla, *columnas)).fetchall()
            else:
                conexion.execute(f"SELECT {', '.join(columnas)} FROM {tabla}").fetchall()
        if "columnas" in tablas:
            conexion.execute("SELECT claves FROM columnas_deudores").fetchall()
        conexion.close()

    return cronometrar(una_vez, repeticiones)


def piso_arranque(repeticiones: int) -> float:
    return cronometrar(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeticiones)


# --------------------------------------------------------------------------- los pasos


@dataclass
class Fila:
    paso: str
    tamano: int
    segundos: float | None
    mib: float | None
    piso: float | None = None
    meta: str = ""
    nota: str = ""
    clave: str = ""

    @property
    def razon(self) -> float | None:
        if self.segundos is None or not self.piso:
            return None
        return self.segundos / self.piso


def _mediana_corridas(corridas: list[Corrida]) -> tuple[float | None, float | None, str]:
    fallidas = [c for c in corridas if c.codigo != 0]
    if fallidas:
        c = fallidas[0]
        return None, None, f"falló (código {c.codigo}): {(c.error or c.salida).strip()[-400:]}"
    memorias = [c.mib for c in corridas if c.mib is not None]
    return (statistics.median(c.segundos for c in corridas),
            max(memorias) if memorias else None, "")


def medir_lista(cartera: Path, n: int, reps: int, base: Path, avisar) -> tuple[Fila, SalidaLista | None]:
    corridas, salida = [], None
    for _ in range(reps):
        ws = espacio_nuevo(base)
        corrida = correr([LIMONERO, "lista", str(cartera), "--fecha", FECHA_CORTE.isoformat(),
                          "-o", "salida_lista", "--silencioso"], ws)
        corridas.append(corrida)
        if corrida.codigo == 0 and salida is None:
            salida = leer_salida_lista(ws / "salida_lista")
        shutil.rmtree(ws, ignore_errors=True)
        avisar(f"    lista {cartera.name}: {corrida.segundos:.1f} s, código {corrida.codigo}")
    segundos, mib, nota = _mediana_corridas(corridas)
    formato = cartera.suffix.lstrip(".")
    fila = Fila(f"lista ({formato})", n, segundos, mib, nota=nota, clave=f"lista_{formato}",
                meta=METAS["lista_xlsx"] if formato == "xlsx" else (METAS["lista_csv"] if n >= 1_000_000 else ""))
    if salida is not None:
        fila.nota = f"{_tamano(salida.filas_asesores)} filas de asesor + {_tamano(salida.filas_masivas)} masivas"
    return fila, salida


def medir_segmentar(cartera: Path, n: int, reps: int, base: Path, avisar) -> Fila:
    corridas = []
    ws = espacio_nuevo(base)
    for _ in range(reps):
        corrida = correr([LIMONERO, "segmentar", str(cartera), "--silencioso"], ws)
        corridas.append(corrida)
        avisar(f"    segmentar {cartera.name}: {corrida.segundos:.1f} s, código {corrida.codigo}")
    shutil.rmtree(ws, ignore_errors=True)
    segundos, mib, nota = _mediana_corridas(corridas)
    return Fila(f"segmentar ({cartera.suffix.lstrip('.')})", n, segundos, mib, nota=nota, clave="segmentar")


def _contar_tipificaciones(ruta_db: Path) -> int:
    conexion = sqlite3.connect(str(ruta_db))
    try:
        return int(conexion.execute("SELECT COUNT(*) FROM tipificaciones").fetchone()[0])
    finally:
        conexion.close()


def medir_cargar(ruta_csv: Path, n: int, reps: int, base: Path, avisar) -> list[Fila]:
    primeras, segundas, notas = [], [], []
    for _ in range(reps):
        ws = espacio_nuevo(base)
        primera = correr([LIMONERO, "cargar", "tipificaciones", str(ruta_csv)], ws)
        tras_primera = _contar_tipificaciones(ws / "limonero.db")
        segunda = correr([LIMONERO, "cargar", "tipificaciones", str(ruta_csv)], ws)
        tras_segunda = _contar_tipificaciones(ws / "limonero.db")
        primeras.append(primera)
        segundas.append(segunda)
        avisar(f"    cargar: {primera.segundos:.1f} s ({tras_primera:,} en la bitácora), otra vez "
               f"{segunda.segundos:.1f} s ({tras_segunda:,})")
        if tras_segunda != tras_primera:
            notas.append(f"¡la segunda carga agregó {tras_segunda - tras_primera:,} filas!")
        if primera.codigo == 0 and "no se agregó nada" not in segunda.salida:
            notas.append("la segunda carga no dijo «no se agregó nada»")
        notas.append(f"{_tamano(tras_primera)} tipificaciones en la bitácora")
        shutil.rmtree(ws, ignore_errors=True)
    s1, m1, e1 = _mediana_corridas(primeras)
    s2, m2, e2 = _mediana_corridas(segundas)
    nota = "; ".join(dict.fromkeys(notas))
    return [
        Fila("cargar tipificaciones (csv)", n, s1, m1, meta=METAS["cargar"], nota=e1 or nota, clave="cargar"),
        Fila("cargar otra vez (nada nuevo)", n, s2, m2, meta=METAS["cargar_otra_vez"], nota=e2 or nota,
             clave="cargar_otra_vez"),
    ]


def medir_embudo(ruta_db: Path, n: int, reps: int, base: Path, avisar) -> Fila:
    ws = espacio_nuevo(base)
    corridas = []
    for _ in range(reps):
        corrida = correr([LIMONERO, "embudo", "--bitacora", str(ruta_db), "--fecha", FECHA_CORTE.isoformat(),
                          "--formato", "markdown"], ws)
        corridas.append(corrida)
        avisar(f"    embudo: {corrida.segundos:.1f} s, código {corrida.codigo}")
    shutil.rmtree(ws, ignore_errors=True)
    segundos, mib, nota = _mediana_corridas(corridas)
    return Fila("embudo (bitácora)", n, segundos, mib, meta=METAS["embudo"], nota=nota, clave="embudo")


def medir_lista_con_historia(cartera: Path, n: int, ruta_db: Path, reps: int, base: Path, avisar) -> Fila:
    """``lista`` en un espacio cuya bitácora es una copia de la de ``ruta_db``: el caso de todos los días
    después de meses de operación (la historia de cada deudor sale de millones de filas)."""
    corridas = []
    for _ in range(reps):
        ws = espacio_nuevo(base)
        shutil.copyfile(ruta_db, ws / "limonero.db")  # lista anota sus asignaciones: nunca en la original
        corrida = correr([LIMONERO, "lista", str(cartera), "--fecha", FECHA_CORTE.isoformat(),
                          "-o", "salida_lista", "--silencioso"], ws)
        corridas.append(corrida)
        shutil.rmtree(ws, ignore_errors=True)
        avisar(f"    lista {cartera.name} con historia: {corrida.segundos:.1f} s, código {corrida.codigo}")
    segundos, mib, nota = _mediana_corridas(corridas)
    historia = f"bitácora de {_tamano(_contar_tipificaciones(ruta_db))} tipificaciones; sin piso (no es meta)"
    return Fila("lista (csv) con historia", n, segundos, mib, nota=nota or historia, clave="lista_historia")


def medir_embudo_sin_copia(ruta_db: Path, n: int, base: Path, avisar) -> Fila:
    """El embudo la primera vez sobre una bitácora sin copia en columnas (la de antes de actualizar limonero).

    Se copia la bitácora, se vacía su copia en columnas y se corre una vez: ese embudo arma la copia.
    """
    ws = espacio_nuevo(base)
    copia_db = ws / "sin_copia.db"
    shutil.copyfile(ruta_db, copia_db)
    with sqlite3.connect(copia_db) as conexion:
        conexion.execute("DELETE FROM columnas")
        conexion.execute("DELETE FROM columnas_deudores")
    corrida = correr([LIMONERO, "embudo", "--bitacora", str(copia_db), "--fecha", FECHA_CORTE.isoformat(),
                      "--formato", "markdown"], ws)
    avisar(f"    embudo sin copia: {corrida.segundos:.1f} s, código {corrida.codigo}")
    shutil.rmtree(ws, ignore_errors=True)
    segundos, mib, nota = _mediana_corridas([corrida])
    return Fila("embudo la primera vez (arma la copia)", n, segundos, mib, meta="una sola vez",
                nota=nota or "1 corrida", clave="embudo_sin_copia")


def medir_ayuda(reps: int, base: Path) -> Fila:
    corridas = [correr([LIMONERO, "--help"], base) for _ in range(reps)]
    segundos, mib, nota = _mediana_corridas(corridas)
    importa_pandas = subprocess.run(
        [sys.executable, "-X", "importtime", "-c",
         "import sys; sys.argv=['limonero','--help']; from limonero_cli.__main__ import main\n"
         "try:\n main()\nexcept SystemExit:\n pass"],
        capture_output=True, text=True, env=_entorno())
    if re.search(r"\|\s+pandas$", importa_pandas.stderr, re.MULTILINE):
        nota = (nota + "; " if nota else "") + "¡--help importa pandas!"
    return Fila("limonero --help", 0, segundos, mib, meta=METAS["ayuda"], nota=nota, clave="ayuda")


# --------------------------------------------------------------------------- la tabla


def _num(valor: float | None, decimales: int = 2) -> str:
    if valor is None:
        return "—"
    if valor == float("inf"):
        return "falló"
    return f"{valor:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")


def _segundos(valor: float) -> str:
    return _num(valor) if valor == float("inf") else _num(valor) + " s"


def _tamano(n: int) -> str:
    return "—" if not n else f"{n:,}".replace(",", ".")


def tabla_markdown(filas: list[Fila]) -> str:
    lineas = ["| paso | tamaño | mediana s | pico MiB | piso s | razón al piso | meta | nota |",
              "|---|---:|---:|---:|---:|---:|---|---|"]
    for f in filas:
        razon = "—" if f.razon is None else _num(f.razon, 1) + "×"
        nota = f.nota.replace("|", "\\|").replace("\n", " ")
        lineas.append(f"| {f.paso} | {_tamano(f.tamano)} | {_num(f.segundos)} | {_num(f.mib, 0)} | "
                      f"{_num(f.piso)} | {razon} | {f.meta} | {nota} |")
    return "\n".join(lineas)


def tabla_crecimiento(filas: list[Fila]) -> str:
    """Cuánto crece cada paso (y su piso) de la talla menor a la mayor medida."""
    por_paso: dict[str, list[Fila]] = {}
    for f in filas:
        if f.tamano and f.segundos is not None:
            por_paso.setdefault(f.paso, []).append(f)
    lineas = ["| paso | de | a | tamaño × | tiempo × | piso × | memoria × |", "|---|---:|---:|---:|---:|---:|---:|"]
    for paso, grupo in por_paso.items():
        grupo.sort(key=lambda f: f.tamano)
        if len(grupo) < 2 or grupo[0].tamano == grupo[-1].tamano:
            continue
        a, b = grupo[0], grupo[-1]
        piso = _num(b.piso / a.piso, 1) if a.piso and b.piso else "—"
        memoria = _num(b.mib / a.mib, 1) if a.mib and b.mib else "—"
        lineas.append(f"| {paso} | {_tamano(a.tamano)} | {_tamano(b.tamano)} | {_num(b.tamano / a.tamano, 1)} | "
                      f"{_num(b.segundos / a.segundos, 1)} | {piso} | {memoria} |")
    return "\n".join(lineas) if len(lineas) > 2 else "(se necesitan dos tamaños para ver el crecimiento)"


def datos_maquina() -> str:
    paquetes = []
    for nombre in ("limonero", "pandas", "numpy", "python-calamine", "xlsxwriter", "openpyxl", "fastexcel",
                   "pyarrow", "jetxl", "rustpy-xlsxwriter", "click", "rich"):
        try:
            paquetes.append(f"{nombre} {metadata.version(nombre)}")
        except metadata.PackageNotFoundError:
            paquetes.append(f"{nombre} (no instalado)")
    memoria = ""
    try:
        total = next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
        memoria = f", memoria {int(total.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return (f"- fecha: {dt.datetime.now():%Y-%m-%d %H:%M}\n"
            f"- máquina: {platform.machine()}, {os.cpu_count()} núcleos (nproc){memoria}, {platform.platform()}\n"
            f"- Python {platform.python_version()}\n"
            f"- paquetes: {', '.join(paquetes)}\n"
            f"- memoria medida con {'/usr/bin/time -v' if Path('/usr/bin/time').exists() else 'getrusage(RUSAGE_CHILDREN)'}")


# --------------------------------------------------------------------------- principal


def perfilar(cartera: Path, base: Path, carpeta_datos: Path, avisar) -> Path | None:
    """Perfil de ``limonero lista`` con pyinstrument (si está instalado); devuelve el informe de texto."""
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        avisar("  pyinstrument no está instalado: no hay perfil (pip install pyinstrument)")
        return None
    ws = espacio_nuevo(base)
    destino = carpeta_datos / f"perfil_lista_{cartera.stem}.txt"
    proceso = subprocess.run(
        [sys.executable, "-m", "pyinstrument", "-o", str(destino), "-m", "limonero_cli", "lista",
         str(cartera), "--fecha", FECHA_CORTE.isoformat(), "-o", "salida_lista", "--silencioso"],
        cwd=ws, capture_output=True, text=True, env=_entorno())
    shutil.rmtree(ws, ignore_errors=True)
    if proceso.returncode != 0:
        avisar(f"  el perfil falló: {proceso.stderr.strip()[-400:]}")
        return None
    avisar(f"  perfil en {destino}")
    return destino


def main(argv: list[str] | None = None) -> int:
    analizador = argparse.ArgumentParser(description="Mide limonero a escala contra el piso de E/S.")
    analizador.add_argument("--tamanos", default="100000,1000000",
                            help="Tamaños de cartera separados por coma (por defecto 100000,1000000).")
    analizador.add_argument("--repeticiones", type=int, default=3, help="Repeticiones por paso (mediana).")
    analizador.add_argument("--carpeta", type=Path, default=CARPETA_BENCH / "datos",
                            help="Carpeta de datos generados (se reutilizan entre corridas).")
    analizador.add_argument("--tipificaciones", type=int, default=1_000_000, help="Filas del registro a cargar.")
    analizador.add_argument("--bitacora", type=int, default=5_000_000, help="Tipificaciones de la bitácora del embudo.")
    analizador.add_argument("--cartera-registros", type=int, default=1_000_000,
                            help="Cuentas de la cartera de la que salen el registro y la bitácora.")
    analizador.add_argument("--con-1m-xlsx", action="store_true",
                            help="También la lista desde xlsx a partir de 1 millón (generarlo tarda minutos).")
    analizador.add_argument("--perfil", action="store_true", help="Perfil de lista (xlsx, menor tamaño) con pyinstrument.")
    analizador.add_argument("--pasos", default=",".join(PASOS),
                            help="Pasos a medir, separados por coma (por defecto todos: " + ",".join(PASOS) + ").")
    analizador.add_argument("--resultados", type=Path, default=CARPETA_BENCH / "resultados.md")
    opciones = analizador.parse_args(argv)

    tamanos = sorted(int(t) for t in opciones.tamanos.split(",") if t.strip())
    pasos = {p.strip() for p in opciones.pasos.split(",") if p.strip()}
    if pasos - set(PASOS):
        analizador.error(f"--pasos no conoce {', '.join(sorted(pasos - set(PASOS)))}; use {', '.join(PASOS)}.")
    reps = max(1, opciones.repeticiones)
    carpeta = opciones.carpeta
    carpeta.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="medir_", dir=carpeta))

    def avisar(texto: str) -> None:
        print(texto, file=sys.stderr, flush=True)

    inicio_total = time.perf_counter()
    avisar("Preparando datos (se reutilizan si ya existen)...")
    carteras = {n: preparar_cartera(carpeta, n, xlsx=n < 1_000_000 or opciones.con_1m_xlsx, avisar=avisar)
                for n in tamanos}
    ruta_tips = ruta_db = None
    if "cargar" in pasos:
        ruta_tips = preparar_tipificaciones(carpeta, opciones.tipificaciones, opciones.cartera_registros, avisar=avisar)
    if pasos & {"embudo", "historia"}:
        ruta_db = preparar_bitacora(carpeta, opciones.bitacora, opciones.cartera_registros, avisar=avisar)

    filas: list[Fila] = []
    detalles: list[str] = []
    try:
        avisar("Midiendo...")
        if "ayuda" in pasos:
            filas.append(medir_ayuda(max(reps, 5), base))
            filas[-1].piso = piso_arranque(max(reps, 5))
            detalles.append("- piso de `--help`: arrancar `python -c pass`.")
        for n in tamanos:
            for formato, ruta in carteras[n].items() if "lista" in pasos else ():
                fila, salida = medir_lista(ruta, n, reps, base, avisar)
                lectura, por_lector = piso_leer(ruta, reps)
                escritura, por_escritor = (piso_escribir_lista(salida, reps, base) if salida else (None, {}))
                fila.piso = lectura + escritura if escritura is not None else None
                filas.append(fila)
                detalles.append(f"- piso de lista {formato} {_tamano(n)}: leer "
                                + ", ".join(f"{k} {_segundos(v)}" for k, v in por_lector.items())
                                + "; escribir " + ", ".join(f"{k} {_segundos(v)}" for k, v in por_escritor.items()))
            if "segmentar" in pasos:
                csv_n = carteras[n]["csv"]
                fila = medir_segmentar(csv_n, n, reps, base, avisar)
                fila.piso, _ = piso_leer(csv_n, reps)
                filas.append(fila)
        if ruta_tips is not None:
            filas_tip = pd.read_csv(ruta_tips, usecols=[0]).shape[0]
            cargar = medir_cargar(ruta_tips, filas_tip, reps, base, avisar)
            cargar[0].piso = piso_cargar(ruta_tips, reps, base)
            cargar[1].piso, _ = piso_leer(ruta_tips, reps)
            filas.extend(cargar)
            detalles.append("- piso de cargar: leer el CSV (motor C) e insertar las filas en SQLite en una "
                            "transacción, sin huella ni índice; otra vez: solo leer el CSV.")
        if "historia" in pasos:
            n_historia = opciones.cartera_registros  # la bitácora es de los deudores de esa cartera
            if n_historia in carteras:
                filas.append(medir_lista_con_historia(carteras[n_historia]["csv"], n_historia, ruta_db, reps, base,
                                                      avisar))
            else:
                avisar(f"    (lista con historia: hace falta la cartera de {_tamano(n_historia)} en --tamanos)")
        if "embudo" in pasos:
            fila = medir_embudo(ruta_db, _contar_tipificaciones(ruta_db), reps, base, avisar)
            fila.piso = piso_embudo(ruta_db, reps)
            filas.append(fila)
            filas.append(medir_embudo_sin_copia(ruta_db, fila.tamano, base, avisar))
            detalles.append("- piso del embudo: traer de la bitácora los bytes de las columnas que el embudo usa "
                            "(su copia en columnas), sin calcular. La primera vez sobre una bitácora sin copia "
                            "(una de antes del esquema 4): una corrida, sin piso.")
        if opciones.perfil:
            xlsx = [carteras[n]["xlsx"] for n in tamanos if "xlsx" in carteras[n]]
            if xlsx:
                perfil = perfilar(xlsx[0], base, carpeta, avisar)
                if perfil:
                    detalles.append(f"- perfil de lista: `{perfil.relative_to(carpeta.parent) if perfil.is_relative_to(carpeta.parent) else perfil}`")
    finally:
        shutil.rmtree(base, ignore_errors=True)

    total = time.perf_counter() - inicio_total
    tabla = tabla_markdown(filas)
    crecimiento = tabla_crecimiento(filas)
    print(tabla)
    print()
    print(crecimiento)
    texto = (f"# Resultados de `benchmarks/medir.py`\n\n{datos_maquina()}\n"
             f"- repeticiones: {reps} (mediana); tamaños: {', '.join(_tamano(n) for n in tamanos)}; "
             f"corrida completa {total / 60:.1f} min\n\n## Tiempos\n\n{tabla}\n\n## Crecimiento\n\n{crecimiento}\n\n"
             f"## Cómo se midió el piso\n\n" + "\n".join(detalles) + "\n")
    opciones.resultados.write_text(texto, encoding="utf-8")
    avisar(f"Tabla escrita en {opciones.resultados} ({total / 60:.1f} min en total)")
    return 1 if any(f.segundos is None for f in filas) else 0


if __name__ == "__main__":
    sys.exit(main())
