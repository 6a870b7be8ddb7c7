"""Genera los datos de ejemplo de limonero (cartera, tipificaciones y pagos).

Una cartera sintética de un prestamista de consumo colombiano, con encabezados
como los exporta un sistema central, y la gestión y los pagos de los cinco días
hábiles anteriores al corte. Todo sale de una semilla fija: correr el script dos
veces produce los mismos datos.

Vive dentro del paquete para que ``limonero demo`` funcione en cualquier
instalación; ``ejemplos/`` guarda los archivos ya generados. Para regenerarlos::

    python ejemplos/generar_ejemplos.py            # escribe en ejemplos/
    python ejemplos/generar_ejemplos.py --carpeta OTRA

Solo usa numpy y xlsxwriter.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import xlsxwriter

SEMILLA = 20250314
FECHA_CORTE = dt.date(2025, 3, 14)
# Días hábiles de gestión (Colombia: lunes a viernes; sin festivos en esas fechas).
DIAS_GESTION = [
    dt.date(2025, 3, 7),
    dt.date(2025, 3, 10),
    dt.date(2025, 3, 11),
    dt.date(2025, 3, 12),
    dt.date(2025, 3, 13),
]
N_DEUDORES = 3800
N_TIPIFICACIONES = 1500
N_PAGOS = 400
ASESORES = [f"ASESOR {i:02d}" for i in range(1, 6)]
FECHA_PROPIEDADES = dt.datetime(2025, 3, 14, 6, 0, 0)

NOMBRES = [
    "JUAN", "CARLOS", "ANDRES", "JOSE", "LUIS", "JORGE", "DIEGO", "MIGUEL", "JULIAN", "SANTIAGO",
    "CAMILO", "FELIPE", "DAVID", "OSCAR", "HERNAN", "FABIO", "WILSON", "JHON", "EDWIN", "ALEJANDRO",
    "MARIA", "ANA", "LUZ", "CLAUDIA", "SANDRA", "PAOLA", "DIANA", "MARTHA", "GLORIA", "ANGELA",
    "CAROLINA", "NATALIA", "LINA", "ADRIANA", "BLANCA", "YOLANDA", "MONICA", "JOHANA", "VIVIANA",
    "LAURA",
]
SEGUNDOS_NOMBRES = [
    "", "", "", "ALBERTO", "ANDRES", "FELIPE", "ENRIQUE", "ANTONIO", "DAVID", "EDUARDO",
    "FERNANDA", "ISABEL", "PATRICIA", "CRISTINA", "MILENA", "ALEJANDRA", "ESPERANZA", "DEL PILAR",
]
APELLIDOS = [
    "RODRIGUEZ", "GOMEZ", "GONZALEZ", "MARTINEZ", "GARCIA", "LOPEZ", "HERNANDEZ", "SANCHEZ",
    "RAMIREZ", "PEREZ", "DIAZ", "MUÑOZ", "ROJAS", "MORENO", "JIMENEZ", "VARGAS", "CASTRO",
    "GUTIERREZ", "ALVAREZ", "RUIZ", "SUAREZ", "TORRES", "ORTIZ", "QUINTERO", "OSORIO", "CARDONA",
    "RESTREPO", "MEJIA", "GIRALDO", "PATIÑO", "VALENCIA", "CASTAÑO", "BETANCUR", "AGUDELO",
    "OCAMPO", "ARANGO", "SALAZAR", "BERMUDEZ", "PEÑA", "CÁRDENAS",
]
# Sucursal -> (región, indicativo fijo)
SUCURSALES = {
    "BOGOTA CENTRO": ("Centro", "601"),
    "BOGOTA NORTE": ("Centro", "601"),
    "SOACHA": ("Centro", "601"),
    "MEDELLIN": ("Antioquia", "604"),
    "ENVIGADO": ("Antioquia", "604"),
    "CALI": ("Occidente", "602"),
    "PALMIRA": ("Occidente", "602"),
    "BARRANQUILLA": ("Caribe", "605"),
    "CARTAGENA": ("Caribe", "605"),
    "BUCARAMANGA": ("Oriente", "607"),
    "CUCUTA": ("Oriente", "607"),
    "PEREIRA": ("Eje Cafetero", "606"),
    "MANIZALES": ("Eje Cafetero", "606"),
    "VILLAVICENCIO": ("Llanos", "608"),
}
PESOS_SUCURSAL = [0.16, 0.12, 0.04, 0.13, 0.04, 0.10, 0.03, 0.08, 0.05, 0.06, 0.04, 0.06, 0.04, 0.05]
DOMINIOS = ["gmail.com", "gmail.com", "gmail.com", "hotmail.com", "hotmail.com", "outlook.com",
            "yahoo.es", "yahoo.com"]

PRODUCTOS = ["TDC", "PERSONAL", "NOMINA", "VEHICULO"]
PESOS_PRODUCTO = [0.45, 0.30, 0.18, 0.07]
# producto -> (mediana del saldo total en pesos, dispersión lognormal, plazo en meses)
SALDOS_PRODUCTO = {
    "TDC": (3_200_000, 0.8, 24),
    "PERSONAL": (7_500_000, 0.7, 36),
    "NOMINA": (11_000_000, 0.6, 60),
    "VEHICULO": (42_000_000, 0.45, 72),
}

# Tramos de mora de la cartera (mín, máx, peso base)
TRAMOS_MORA = [
    (-5, 0, 0.12),
    (1, 30, 0.44),
    (31, 60, 0.14),
    (61, 90, 0.09),
    (91, 120, 0.06),
    (121, 180, 0.06),
    (181, 400, 0.09),
]

# Catálogo de tipificaciones (estrategia por defecto) y frecuencias por canal.
CODIGOS = ["NC", "OC", "FS", "NE", "MT", "TI", "CT", "RP", "DI", "SD", "SR", "PP", "PR", "YP",
           "FA", "NL"]
FRECUENCIAS = {
    "llamada": [30, 12, 5, 3, 8, 6, 9, 3, 1, 5, 3, 10, 3, 1.5, 0.3, 0.5],
    "whatsapp": [48, 0, 0, 2, 0, 0, 10, 1, 0.5, 6, 5, 16, 5, 6, 0, 0.5],
    "sms": [88, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 3, 0, 5, 0, 0],
}
PESOS_CANAL = {"llamada": 0.80, "whatsapp": 0.15, "sms": 0.05}
CODIGOS_FINALES = {"DI", "FA", "NL", "YP", "PP", "PR"}
COMENTARIOS = {
    "NC": ["no contesta", "timbra y no contesta", "", "sin respuesta"],
    "OC": ["buzón de voz", "ocupado", "deja mensaje en buzón"],
    "FS": ["número fuera de servicio", "número no existe", "apagado, fuera de servicio"],
    "NE": ["número equivocado, no conocen al titular", "dice que no es el cliente"],
    "MT": ["contesta la esposa, deja mensaje", "contesta la mamá, deja recado",
           "compañero de trabajo toma el mensaje"],
    "TI": ["titular en reunión, llamar en la tarde", "titular no está, volver a llamar mañana"],
    "CT": ["cliente escucha, no da fecha", "cliente dice que revisa y llama", "sin acuerdo"],
    "RP": ["cliente se niega a pagar", "dice que no va a pagar, molesto"],
    "DI": ["cliente no reconoce compras de la tarjeta", "reclama cobro de seguro no autorizado"],
    "SD": ["sin empleo desde enero", "cliente sin dinero, quincena el 30",
           "enfermedad en la familia, sin ingresos"],
    "SR": ["pide reestructurar a más plazo", "solicita descuento de intereses de mora"],
    "PP": ["cliente se compromete a pagar total vencido", "paga el viernes por PSE",
           "promete pago en corresponsal"],
    "PR": ["abona una parte, el resto en quincena", "promesa parcial, pide plazo para el resto"],
    "YP": ["dice que ya pagó, envía soporte", "pagó ayer en Efecty, verificar"],
    "FA": ["familiar informa fallecimiento del titular"],
    "NL": ["solicita no ser contactado", "pide que no lo llamen más"],
}


def _elegir(rng: np.random.Generator, opciones, n: int, pesos=None) -> np.ndarray:
    pesos = None if pesos is None else np.asarray(pesos, dtype=float) / np.sum(pesos)
    return np.asarray(opciones, dtype=object)[rng.choice(len(opciones), size=n, p=pesos)]


def generar_cartera(rng: np.random.Generator) -> list[dict]:
    """Una fila por cuenta, con los valores ya tipados (str, float, date o None)."""
    # Cuentas por deudor: la mayoría una, algunos varias.
    cuentas_por_deudor = rng.choice([1, 2, 3, 4], size=N_DEUDORES, p=[0.763, 0.171, 0.053, 0.013])
    # Riesgo latente del deudor: mueve la mora de sus cuentas y su score.
    riesgo = rng.normal(0.0, 1.0, size=N_DEUDORES)
    score = np.clip(np.round(640 - 95 * riesgo + rng.normal(0, 45, N_DEUDORES)), 300, 900)

    documentos = set()
    deudores = []
    for i in range(N_DEUDORES):
        while True:
            largo = rng.choice([7, 8, 10], p=[0.15, 0.35, 0.50])
            numero = int(rng.integers(10 ** (largo - 1), 10**largo))
            if numero not in documentos:
                documentos.add(numero)
                break
        documento = str(numero)
        if rng.random() < 0.3:  # el sistema rellena con ceros a 10 posiciones
            documento = documento.zfill(10) if len(documento) < 10 else "0" + documento[1:]
        nombre = " ".join(
            p for p in (
                rng.choice(NOMBRES), rng.choice(SEGUNDOS_NOMBRES),
                rng.choice(APELLIDOS), rng.choice(APELLIDOS),
            ) if p
        )
        sucursal = str(_elegir(rng, list(SUCURSALES), 1, PESOS_SUCURSAL)[0])
        asesor = None if rng.random() < 0.1 else str(rng.choice(ASESORES))
        telefono = None if rng.random() < 0.03 else (
            str(rng.choice(["300", "301", "310", "311", "312", "313", "315", "316", "317", "318",
                            "320", "321", "322", "350", "351"]))
            + f"{int(rng.integers(0, 10**7)):07d}"
        )
        telefono2 = None
        if rng.random() < 0.4:
            indicativo = SUCURSALES[sucursal][1]
            local = f"{int(rng.integers(2_000_000, 8_000_000)):07d}"
            telefono2 = indicativo + local if rng.random() < 0.7 else local
        correo = None
        if rng.random() < 0.75:
            partes = nombre.lower().replace("ñ", "n").replace("á", "a").split()
            usuario = partes[0] + rng.choice([".", "_", ""]) + partes[-2]
            if rng.random() < 0.6:
                usuario += str(int(rng.integers(1, 99)))
            correo = f"{usuario}@{rng.choice(DOMINIOS)}"
        deudores.append({
            "documento": documento, "nombre": nombre, "sucursal": sucursal, "asesor": asesor,
            "telefono": telefono, "telefono2": telefono2, "email": correo,
        })
    # Algunos deudores comparten teléfono (familiares): realista y molesto.
    for _ in range(15):
        a, b = rng.choice(N_DEUDORES, size=2, replace=False)
        deudores[b]["telefono"] = deudores[a]["telefono"]

    pesos_base = np.array([t[2] for t in TRAMOS_MORA])
    usados: set[str] = set()
    filas = []
    for i in range(N_DEUDORES):
        d = deudores[i]
        # El riesgo inclina la mora hacia los tramos altos.
        inclinacion = np.exp(0.55 * riesgo[i] * np.arange(len(TRAMOS_MORA)))
        pesos = pesos_base * inclinacion
        pesos = pesos / pesos.sum()
        productos = list(rng.choice(PRODUCTOS, size=cuentas_por_deudor[i], p=PESOS_PRODUCTO))
        for producto in productos:
            while True:
                if producto == "TDC":
                    cuenta = "45" + f"{int(rng.integers(0, 10**8)):08d}"
                elif producto == "VEHICULO":
                    cuenta = "7" + f"{int(rng.integers(0, 10**9)):09d}"
                else:
                    cuenta = "00" + f"{int(rng.integers(0, 10**8)):08d}"
                if cuenta not in usados:
                    usados.add(cuenta)
                    break
            tramo = TRAMOS_MORA[rng.choice(len(TRAMOS_MORA), p=pesos)]
            dias = int(rng.integers(tramo[0], tramo[1] + 1))
            if tramo[0] == 1:  # dentro de 1–30, más cuentas recién vencidas
                dias = int(min(30, 1 + rng.geometric(0.09)))
            mediana, dispersion, plazo = SALDOS_PRODUCTO[producto]
            saldo_total = round(float(mediana * np.exp(rng.normal(0, dispersion))), -3)
            cuota = saldo_total / plazo * (1.0 + rng.uniform(0.15, 0.35))
            if dias <= 0:
                saldo_vencido = 0.0
            else:
                cuotas_vencidas = int(np.ceil(dias / 30))
                intereses = 1.0 + 0.0007 * dias
                saldo_vencido = min(saldo_total, cuota * cuotas_vencidas * intereses)
                if dias > 180 and producto == "TDC":
                    saldo_vencido = saldo_total  # tarjeta con saldo acelerado
                saldo_vencido = round(saldo_vencido, 2)
            if dias <= 0:
                ultimo_pago = FECHA_CORTE - dt.timedelta(days=int(rng.integers(20, 40)))
            elif dias > 200 and rng.random() < 0.35:
                ultimo_pago = None  # nunca pagó o sin registro
            else:
                ultimo_pago = FECHA_CORTE - dt.timedelta(days=dias + int(rng.integers(0, 31)))
            filas.append({
                "No. Cuenta": cuenta,
                "Documento Cliente": d["documento"],
                "Nombre": d["nombre"],
                "Producto": producto,
                "Sucursal": d["sucursal"],
                "Región": SUCURSALES[d["sucursal"]][0],
                "Asesor": d["asesor"],
                "Días de Mora": float(dias),
                "Saldo Vencido": float(saldo_vencido),
                "Saldo Total": float(saldo_total),
                "Teléfono": d["telefono"],
                "Teléfono 2": d["telefono2"],
                "Email": d["email"],
                "Score": float(score[i]),
                "Fecha Último Pago": ultimo_pago,
                "No Contactar": "SI" if rng.random() < 0.008 else None,
                "País": "CO",
                "_cuota": cuota,
            })
    # Unas pocas notas crédito: saldo a favor del cliente (saldo vencido negativo, al día).
    for j in rng.choice(len(filas), size=5, replace=False):
        filas[j]["Días de Mora"] = 0.0
        filas[j]["Saldo Vencido"] = -float(round(rng.uniform(5_000, 60_000), -2))
    orden = rng.permutation(len(filas))  # el sistema no exporta agrupado por deudor
    return [filas[k] for k in orden]


def _hora_gestion(rng: np.random.Generator, dia: dt.date) -> dt.datetime:
    minutos = int(rng.integers(7 * 60 + 30, 18 * 60 + 50))  # dentro del horario legal 7–19 h
    return dt.datetime.combine(dia, dt.time(minutos // 60, minutos % 60, int(rng.integers(0, 60))))


def generar_tipificaciones(rng: np.random.Generator, cartera: list[dict]) -> list[dict]:
    """Intentos de contacto de los cinco días hábiles anteriores al corte."""
    candidatas = [
        f for f in cartera
        if f["Días de Mora"] >= -3 and f["No Contactar"] is None and f["Saldo Vencido"] >= 0
    ]
    # Se gestiona más lo que está entre 1 y 90 días.
    pesos = np.array([
        0.4 if f["Días de Mora"] <= 0 else 1.0 if f["Días de Mora"] <= 90 else 0.5
        for f in candidatas
    ])
    elegidas = rng.choice(len(candidatas), size=1100, replace=False, p=pesos / pesos.sum())
    canales = list(PESOS_CANAL)
    filas: list[dict] = []
    for k in elegidas:
        f = candidatas[k]
        intentos = int(rng.choice([1, 2, 3, 4], p=[0.55, 0.27, 0.12, 0.06]))
        dias = sorted(rng.choice(len(DIAS_GESTION), size=intentos, replace=False))
        asesor = f["Asesor"] or str(rng.choice(ASESORES))
        for indice in dias:
            dia = DIAS_GESTION[indice]
            canal = str(_elegir(rng, canales, 1, list(PESOS_CANAL.values()))[0])
            codigo = str(_elegir(rng, CODIGOS, 1, FRECUENCIAS[canal])[0])
            fecha_hora = _hora_gestion(rng, dia)
            monto = fecha_promesa = None
            if codigo in ("PP", "PR"):
                base = max(f["Saldo Vencido"], f["_cuota"])
                if codigo == "PR":
                    base *= rng.uniform(0.3, 0.7)
                monto = float(max(20_000.0, round(base, -3)))
                fecha_promesa = dia + dt.timedelta(days=int(rng.choice(
                    [1, 2, 3, 4, 5, 7, 8], p=[0.15, 0.2, 0.2, 0.15, 0.1, 0.1, 0.1])))
            comentario = str(rng.choice(COMENTARIOS[codigo]))
            filas.append({
                "Cuenta": f["No. Cuenta"],
                "Fecha Hora": fecha_hora,
                "Asesor": asesor,
                "Canal": canal,
                "Código": codigo,
                "Monto Promesa": monto,
                "Fecha Promesa": fecha_promesa,
                "Comentario": comentario or None,
                "_fila_cartera": f,
            })
            if codigo in CODIGOS_FINALES:
                break  # tras una promesa o un código final no se vuelve a llamar en la semana
    filas.sort(key=lambda r: r["Fecha Hora"])
    if len(filas) > N_TIPIFICACIONES:
        # Recortar al azar sin romper el orden cronológico.
        quedan = np.sort(rng.choice(len(filas), size=N_TIPIFICACIONES, replace=False))
        filas = [filas[i] for i in quedan]
    return filas


def generar_pagos(rng: np.random.Generator, cartera: list[dict], tipificaciones: list[dict]):
    """Pagos: muchos cumplen promesas; el resto son pagos espontáneos."""
    ultimo_dia = DIAS_GESTION[-1]
    pagos: list[dict] = []
    con_pago: set[str] = set()
    for t in tipificaciones:
        cuenta = t["Cuenta"]
        if cuenta in con_pago:
            continue
        if t["Código"] in ("PP", "PR"):
            vence = t["Fecha Promesa"]
            llamada = t["Fecha Hora"].date()
            prob = 0.7 if vence <= ultimo_dia else 0.25
            if rng.random() >= prob:
                continue  # promesa incumplida (o aún sin pagar)
            hasta = min(vence, ultimo_dia)
            dias = (hasta - llamada).days
            fecha = llamada + dt.timedelta(days=int(rng.integers(0, dias + 1)))
            azar = rng.random()
            if azar < 0.75:
                monto = t["Monto Promesa"]
            elif azar < 0.9:
                monto = round(t["Monto Promesa"] * rng.uniform(0.9, 0.99), -2)
            else:
                monto = round(t["Monto Promesa"] * rng.uniform(0.3, 0.6), -2)
        elif t["Código"] == "YP" and rng.random() < 0.7:
            fecha = t["Fecha Hora"].date() - dt.timedelta(days=int(rng.integers(0, 4)))
            f = t["_fila_cartera"]
            monto = round(max(f["Saldo Vencido"], f["_cuota"]), -2)
        else:
            continue
        pagos.append({"Cuenta": cuenta, "Fecha": fecha, "Monto": float(monto)})
        con_pago.add(cuenta)

    # Pagos espontáneos: sobre todo cuentas recién vencidas o por vencer.
    candidatas = [f for f in cartera if f["No. Cuenta"] not in con_pago and f["Saldo Vencido"] >= 0]
    pesos = np.array([
        3.0 if f["Días de Mora"] <= 30 else 1.0 if f["Días de Mora"] <= 90 else 0.3
        for f in candidatas
    ])
    faltan = N_PAGOS - len(pagos)
    primer_dia = DIAS_GESTION[0]
    for k in rng.choice(len(candidatas), size=faltan, replace=False, p=pesos / pesos.sum()):
        f = candidatas[k]
        fecha = primer_dia + dt.timedelta(days=int(rng.integers(0, (ultimo_dia - primer_dia).days + 1)))
        base = f["Saldo Vencido"] if f["Saldo Vencido"] > 0 else f["_cuota"]
        if rng.random() < 0.3:
            base *= rng.uniform(0.2, 0.8)  # abono parcial
        pagos.append({"Cuenta": f["No. Cuenta"], "Fecha": fecha, "Monto": float(round(base, -2))})

    pagos.sort(key=lambda p: (p["Fecha"], p["Cuenta"]))
    for p in pagos:
        azar = rng.random()
        if azar < 0.45:
            p["Referencia"] = f"PSE {int(rng.integers(10**9, 10**10))}"
        elif azar < 0.7:
            p["Referencia"] = f"BANCOLOMBIA {int(rng.integers(0, 10**8)):08d}"
        elif azar < 0.85:
            p["Referencia"] = f"EFECTY {int(rng.integers(10**5, 10**6))}"
        elif azar < 0.93:
            p["Referencia"] = "CORRESPONSAL BANCARIO"
        else:
            p["Referencia"] = None
    return pagos


def escribir_libro(ruta: Path, hoja: str, filas: list[dict], columnas: list[str],
                   formatos: dict[str, str]) -> None:
    """Escribe un libro con una hoja, celdas tipadas y encabezado en la primera fila."""
    libro = xlsxwriter.Workbook(str(ruta), {"constant_memory": True})
    libro.set_properties({"author": "limonero", "created": FECHA_PROPIEDADES})
    negrita = libro.add_format({"bold": True})
    estilos = {nombre: libro.add_format({"num_format": f}) for nombre, f in formatos.items()}
    h = libro.add_worksheet(hoja)
    for j, columna in enumerate(columnas):
        h.write_string(0, j, columna, negrita)
        h.set_column(j, j, max(10, len(columna) + 2))
    for i, fila in enumerate(filas, start=1):
        for j, columna in enumerate(columnas):
            valor = fila[columna]
            estilo = estilos.get(columna)
            if valor is None:
                continue
            if isinstance(valor, dt.datetime):
                h.write_datetime(i, j, valor, estilo)
            elif isinstance(valor, dt.date):
                h.write_datetime(i, j, dt.datetime.combine(valor, dt.time()), estilo)
            elif isinstance(valor, float):
                h.write_number(i, j, valor, estilo)
            else:
                h.write_string(i, j, str(valor))
    h.freeze_panes(1, 0)
    libro.close()


ARCHIVOS = {
    "cartera": "cartera_ejemplo.xlsx",
    "tipificaciones": "tipificaciones_ejemplo.xlsx",
    "pagos": "pagos_ejemplo.xlsx",
}


def generar(carpeta: Path) -> dict[str, Path]:
    """Genera los tres libros en ``carpeta`` y devuelve sus rutas (``cartera``, ``tipificaciones``, ``pagos``)."""
    _generar_en(Path(carpeta))
    return {clave: Path(carpeta) / nombre for clave, nombre in ARCHIVOS.items()}


def _generar_en(carpeta: Path) -> dict[str, int]:
    """Escribe los tres libros y devuelve cuántas filas tiene cada uno."""
    carpeta.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEMILLA)
    cartera = generar_cartera(rng)
    tipificaciones = generar_tipificaciones(rng, cartera)
    pagos = generar_pagos(rng, cartera, tipificaciones)

    columnas_cartera = [c for c in cartera[0] if not c.startswith("_")]
    escribir_libro(
        carpeta / "cartera_ejemplo.xlsx", "Cartera", cartera, columnas_cartera,
        {"Días de Mora": "0", "Saldo Vencido": "#,##0.00", "Saldo Total": "#,##0.00",
         "Score": "0", "Fecha Último Pago": "dd/mm/yyyy"},
    )
    escribir_libro(
        carpeta / "tipificaciones_ejemplo.xlsx", "Tipificaciones", tipificaciones,
        ["Cuenta", "Fecha Hora", "Asesor", "Canal", "Código", "Monto Promesa", "Fecha Promesa",
         "Comentario"],
        {"Fecha Hora": "dd/mm/yyyy hh:mm", "Monto Promesa": "#,##0", "Fecha Promesa": "dd/mm/yyyy"},
    )
    escribir_libro(
        carpeta / "pagos_ejemplo.xlsx", "Pagos", pagos, ["Cuenta", "Fecha", "Monto", "Referencia"],
        {"Fecha": "dd/mm/yyyy", "Monto": "#,##0.00"},
    )
    return {"cartera": len(cartera), "tipificaciones": len(tipificaciones), "pagos": len(pagos)}


def main() -> None:
    parser = argparse.ArgumentParser(description="Genera los datos de ejemplo de limonero.")
    parser.add_argument("--carpeta", type=Path, default=Path.cwd(),
                        help="carpeta de salida (por defecto, la actual)")
    argumentos = parser.parse_args()
    argumentos.carpeta.mkdir(parents=True, exist_ok=True)
    cuentas = _generar_en(argumentos.carpeta)
    print(f"Corte {FECHA_CORTE:%Y-%m-%d}: {cuentas['cartera']} cuentas, "
          f"{cuentas['tipificaciones']} tipificaciones, {cuentas['pagos']} pagos "
          f"en {argumentos.carpeta}")


if __name__ == "__main__":
    main()
