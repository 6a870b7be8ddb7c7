"""Presentación del embudo: terminal con barras, markdown, csv, json y tablas para el libro xlsx.

Cada tasa tiene su denominador escrito al lado:
- cobertura = gestionadas / asignadas
- contacto = contactadas / gestionadas
- promesa = promesas / contacto con titular
- cumplimiento = promesas cumplidas / promesas
- recuperación = monto recuperado / saldo vencido asignado
"""

from __future__ import annotations

import json
import math

import pandas as pd

from limonero_cli.informes.formato import compacto, dinero, entero, porcentaje
from limonero_cli.informes.terminal import TablaInforme

PASOS = [
    ("asignadas", "Asignadas"),
    ("gestionadas", "Gestionadas"),
    ("contactadas", "Contactadas"),
    ("contacto_titular", "Contacto con titular"),
    ("promesas", "Promesas"),
    ("promesas_cumplidas", "Promesas cumplidas"),
]

# meta -> (nombre, numerador, denominador)
METAS = {
    "meta_cobertura": ("cobertura", "gestionadas", "asignadas"),
    "meta_contacto": ("contacto", "contactadas", "gestionadas"),
    "meta_promesa": ("promesa", "promesas", "contacto_titular"),
    "meta_cumplimiento": ("cumplimiento", "promesas_cumplidas", "promesas"),
    "meta_recuperacion": ("recuperación", "monto_recuperado", "saldo_asignado"),
}
ANCHO_BARRA = 12
NOMBRES_CORTOS = {"Asignadas": "Asign.", "Gestionadas": "Gest.", "Contactadas": "Cont.",
                  "Contacto con titular": "Tit.", "Promesas": "Prom.", "Promesas cumplidas": "Cumpl.",
                  "cumplimiento": "cumplim.", "recuperación": "recuper."}


def _cociente(numerador, denominador):
    if denominador is None or denominador == 0 or pd.isna(denominador):
        return None
    return float(numerador) / float(denominador)


def metas_por_tratamiento(estrategia) -> dict[str, dict[str, float]]:
    """Las metas de cada tratamiento (si un tratamiento tiene variantes, las de la primera)."""
    metas: dict[str, dict[str, float]] = {}
    for tratamiento in estrategia.tratamientos:
        if tratamiento.tratamiento in metas:
            continue
        metas[tratamiento.tratamiento] = {
            clave: getattr(tratamiento, clave) for clave in METAS if getattr(tratamiento, clave, None) is not None
        }
    return metas


def tasas(fila) -> dict[str, float | None]:
    """Las cinco tasas del método para una fila del embudo."""
    return {nombre: _cociente(fila[num], fila[den]) for nombre, num, den in METAS.values()}


def _limpiar(valor):
    if isinstance(valor, float) and math.isnan(valor):
        return None
    if hasattr(valor, "item"):
        return _limpiar(valor.item())
    return valor


def como_json(embudo: pd.DataFrame) -> str:
    """Una lista JSON con un objeto por grupo (números como números, vacíos como null)."""
    registros = [{clave: _limpiar(valor) for clave, valor in fila.items()} for fila in embudo.to_dict("records")]
    return json.dumps(registros, ensure_ascii=False, indent=2, default=str)


def como_csv(embudo: pd.DataFrame) -> str:
    return embudo.to_csv(index=False)


def _filas_resumen(embudo: pd.DataFrame, metas: dict, dimensiones: list[str]) -> list[list]:
    filas = []
    for _, fila in embudo.iterrows():
        meta = metas.get(fila.get("tratamiento"), {}) if "tratamiento" in dimensiones else {}
        valores = [fila["grupo"]] + [int(fila[paso]) for paso, _ in PASOS] + [float(fila["monto_recuperado"])]
        for clave, (nombre, _, _) in METAS.items():
            actual = tasas(fila)[nombre]
            objetivo = meta.get(clave)
            texto = porcentaje(actual)
            if objetivo is not None:
                cumple = actual is not None and actual >= objetivo
                texto += f" (meta {porcentaje(objetivo, 0)} {'✓' if cumple else '✗'})"
            valores.append(texto)
        filas.append(valores)
    return filas


def _encabezado_resumen() -> list[str]:
    return ["grupo"] + [nombre for _, nombre in PASOS] + ["Monto recuperado"] + [n for n, _, _ in METAS.values()]


def como_markdown(embudo: pd.DataFrame, metas: dict, dimensiones: list[str], hipotesis: pd.DataFrame | None = None,
                  variantes: pd.DataFrame | None = None) -> str:
    from tabulate import tabulate

    filas = [
        [v if isinstance(v, str) else (dinero(v) if isinstance(v, float) else entero(v)) for v in fila]
        for fila in _filas_resumen(embudo, metas, dimensiones)
    ]
    partes = [tabulate(filas, headers=_encabezado_resumen(), tablefmt="github", disable_numparse=True)]
    if hipotesis is not None and len(hipotesis):
        partes.append("\n**Hipótesis de cada tratamiento**\n")
        partes.append(tabulate(filas_hipotesis(hipotesis), headers=ENCABEZADO_HIPOTESIS, tablefmt="github",
                               disable_numparse=True))
    if variantes is not None and len(variantes):
        partes.append("\n**Campeón contra retador** (promesas cumplidas / asignadas)\n")
        partes.append(tabulate(filas_variantes(variantes), headers=ENCABEZADO_VARIANTES, tablefmt="github",
                               disable_numparse=True))
        partes += [f"- {v}" for v in variantes["veredicto"]]
    return "\n".join(partes)


# --------------------------------------------------------------------------- hipótesis y variantes

ENCABEZADO_HIPOTESIS = ["tratamiento", "hipótesis", "metas", "no cumple (real < meta, %)"]
ENCABEZADO_VARIANTES = ["grupo", "campeón", "tasa", "retador", "tasa ", "p"]


def filas_hipotesis(hipotesis: pd.DataFrame) -> list[list]:
    """Una fila por tratamiento: si su hipótesis se sostiene y qué metas no alcanza (real / meta)."""
    filas = []
    for tratamiento, grupo in hipotesis.groupby("tratamiento", sort=True):
        con_datos = grupo[grupo["cumple"].notna()]
        veredicto = grupo["hipotesis_se_cumple"].iloc[0]
        texto = "sin datos" if veredicto is None else ("se sostiene" if veredicto else "no se sostiene")
        fallan = con_datos[con_datos["cumple"] == False]  # noqa: E712 - columna de objetos
        detalle = ", ".join(f"{NOMBRES_CORTOS.get(f.indicador, f.indicador)} {f.real * 100:.0f} < {f.meta * 100:.0f}"
                            for f in fallan.itertuples())
        filas.append([str(tratamiento), texto, f"{int((con_datos['cumple'] == True).sum())}/{len(con_datos)}",  # noqa: E712
                      detalle or "—"])
    return filas


def filas_variantes(variantes: pd.DataFrame) -> list[list]:
    grupo = variantes.columns[0]
    return [
        [str(f[grupo]), str(f["campeon"]), f"{porcentaje(f['tasa_campeon'])} de {entero(f['asignadas_campeon'])}",
         str(f["retador"]), f"{porcentaje(f['tasa_retador'])} de {entero(f['asignadas_retador'])}",
         "—" if pd.isna(f["valor_p"]) else f"{f['valor_p']:.3f}".replace(".", ",")]
        for _, f in variantes.iterrows()
    ]


def mostrar(consola, embudo: pd.DataFrame, metas: dict, dimensiones: list[str], desde, hasta,
            hipotesis: pd.DataFrame | None = None, variantes: pd.DataFrame | None = None) -> None:
    """El embudo total con barras, una tabla por grupo, las metas de cada tratamiento, si su
    hipótesis se sostiene y el campeón contra el retador (con su veredicto en palabras)."""
    from rich.table import Table
    from rich.text import Text

    periodo = f"del {desde or 'inicio'} al {hasta or 'hoy'}"
    if embudo.empty:
        consola.print(Text(f"Embudo {periodo}: no hay asignaciones en la bitácora para ese periodo."))
        return
    total = embudo[[paso for paso, _ in PASOS] + ["monto_recuperado", "saldo_asignado"]].sum()
    consola.print(_tabla_barras(Table, Text, total, f"Embudo {periodo} (deudores)"))
    if len(embudo) > 1:
        consola.print(_tabla_grupos(Table, Text, embudo, dimensiones))
    tabla_metas = _tabla_metas(Table, Text, embudo, metas, dimensiones)
    if tabla_metas is not None:
        consola.print(tabla_metas)
    if hipotesis is not None and len(hipotesis):
        tabla = Table(title=Text("Hipótesis de cada tratamiento (se sostiene si cumple todas sus metas con datos)",
                                 style="bold"), title_justify="left")
        for nombre in ENCABEZADO_HIPOTESIS:
            tabla.add_column(nombre, overflow="fold")
        for fila in filas_hipotesis(hipotesis):
            estilo = {"se sostiene": "green", "no se sostiene": "red"}.get(fila[1])
            tabla.add_row(Text(fila[0]), Text(fila[1], style=estilo or ""), Text(fila[2]), Text(fila[3]))
        consola.print(tabla)
    if variantes is not None and len(variantes):
        tabla = Table(title=Text("Campeón contra retador: promesas cumplidas / asignadas", style="bold"),
                      title_justify="left")
        for nombre in ENCABEZADO_VARIANTES:
            tabla.add_column(nombre, overflow="fold", justify="right" if nombre.strip() in ("tasa", "p") else "left")
        for fila in filas_variantes(variantes):
            tabla.add_row(*[Text(v) for v in fila])
        consola.print(tabla)
        for veredicto in variantes["veredicto"]:
            consola.print(Text(f"• {veredicto}"))


def _tabla_barras(Table, Text, fila, titulo: str):
    tabla = Table(title=Text(titulo, style="bold"), title_justify="left",
                  caption=Text("Recuperado: monto pagado por los deudores asignados; su % es del saldo vencido asignado."))
    tabla.add_column("paso", no_wrap=True)
    tabla.add_column("deudores", justify="right", no_wrap=True)
    tabla.add_column("", no_wrap=True)
    tabla.add_column("del anterior", justify="right", no_wrap=True)
    tabla.add_column("del total", justify="right", no_wrap=True)
    tope = fila["asignadas"] or 0
    anterior = None
    for paso, nombre in PASOS:
        valor = int(fila[paso])
        largo = 0 if not tope else round(ANCHO_BARRA * valor / tope)
        tabla.add_row(
            Text(nombre),
            Text(entero(valor)),
            Text("█" * largo, style="green"),
            Text(porcentaje(_cociente(valor, anterior)) if anterior is not None else ""),
            Text(porcentaje(_cociente(valor, tope))),
        )
        anterior = valor
    recuperado = _cociente(fila["monto_recuperado"], fila["saldo_asignado"])
    tabla.add_row(Text("Recuperado"), Text(compacto(fila["monto_recuperado"])), Text(""), Text(""),
                  Text(porcentaje(recuperado)))
    return tabla


def _tabla_grupos(Table, Text, embudo: pd.DataFrame, dimensiones: list[str]):
    titulo = ("Por " + " y ".join(dimensiones) if dimensiones else "Por grupo") + ": % de las asignadas"
    tabla = Table(title=Text(titulo, style="bold"), title_justify="left")
    tabla.add_column("grupo", min_width=10, ratio=1)
    for _, nombre in PASOS:
        tabla.add_column(NOMBRES_CORTOS.get(nombre, nombre), justify="right", no_wrap=True)
    tabla.add_column("Recup.", justify="right", no_wrap=True)
    for _, fila in embudo.iterrows():
        tope = fila["asignadas"]
        celdas = [Text(str(fila["grupo"]))]
        for paso, _ in PASOS:
            valor = int(fila[paso])
            fraccion = _cociente(valor, tope)
            celdas.append(Text(entero(valor) if paso == "asignadas" else "—" if fraccion is None else f"{fraccion * 100:.0f}"))
        celdas.append(Text(compacto(fila["monto_recuperado"])))
        tabla.add_row(*celdas)
    return tabla


def _tabla_metas(Table, Text, embudo: pd.DataFrame, metas: dict, dimensiones: list[str]):
    if "tratamiento" not in dimensiones or not metas:
        return None
    tabla = Table(title=Text("Metas de cada tratamiento: real / meta, en %", style="bold"), title_justify="left",
                  caption=Text("cobertura = gestionadas/asignadas · contacto = contactadas/gestionadas · promesa = "
                               "promesas/contacto con titular · cumplimiento = cumplidas/promesas · recuperación = "
                               "monto recuperado/saldo asignado"))
    tabla.add_column("grupo", min_width=12, ratio=1)
    for nombre, _, _ in METAS.values():
        tabla.add_column(NOMBRES_CORTOS.get(nombre, nombre), justify="right", no_wrap=True)
    for _, fila in embudo.iterrows():
        meta = metas.get(fila.get("tratamiento"), {})
        if not meta:
            continue
        actuales = tasas(fila)
        celdas = [Text(str(fila["grupo"]))]
        for clave, (nombre, _, _) in METAS.items():
            actual, objetivo = actuales[nombre], meta.get(clave)
            real = "—" if actual is None else f"{actual * 100:.0f}"
            if objetivo is None:
                celdas.append(Text(real))
                continue
            cumple = actual is not None and actual >= objetivo
            celdas.append(Text(f"{real} / {objetivo * 100:.0f} {'✓' if cumple else '✗'}",
                               style="green" if cumple else "red"))
        tabla.add_row(*celdas)
    return tabla


def tablas_para_libro(embudo: pd.DataFrame, metas: dict, dimensiones: list[str], hipotesis: pd.DataFrame | None = None,
                      variantes: pd.DataFrame | None = None) -> list[TablaInforme]:
    """Tablas del libro de informe: el resumen con metas, el embudo completo, metas e hipótesis, variantes."""
    detalle_columnas = list(embudo.columns)
    tablas = [
        TablaInforme("Embudo por grupo", encabezado=_encabezado_resumen(), filas=_filas_resumen(embudo, metas, dimensiones)),
        TablaInforme(
            "Detalle",
            encabezado=detalle_columnas,
            filas=[[_limpiar(v) for v in fila] for fila in embudo.itertuples(index=False)],
        ),
    ]
    if hipotesis is not None and len(hipotesis):
        tablas.append(TablaInforme(
            "Metas",
            encabezado=["meta de", "tratamiento", "indicador", "meta", "real", "cumple", "hipótesis se sostiene"],
            filas=[[f"{f.tratamiento} · {f.indicador}", f.tratamiento, f.indicador, _limpiar(f.meta), _limpiar(f.real),
                    _limpiar(f.cumple), _limpiar(f.hipotesis_se_cumple)] for f in hipotesis.itertuples()],
        ))
    if variantes is not None and len(variantes):
        tablas.append(TablaInforme(
            "Campeón y retador",
            encabezado=list(variantes.columns),
            filas=[[_limpiar(v) for v in fila] for fila in variantes.itertuples(index=False)],
        ))
    return tablas


def graficos_para_libro(tablas: list[TablaInforme]) -> list[dict]:
    """Gráficos nativos de Excel para :func:`tablas_para_libro` (ver ``hojas.informe_xlsx``)."""
    graficos = [{"tabla": 0, "tipo": "bar", "titulo": "Embudo de gestión (deudores)", "series": "filas",
                 "columnas": (1, len(PASOS)), "invertir": True}]
    for posicion, tabla in enumerate(tablas):
        if tabla.titulo == "Metas" and tabla.filas:
            graficos.append({"tabla": posicion, "tipo": "column", "titulo": "Meta y real de cada tratamiento",
                             "series": "columnas", "columnas": (3, 4), "porcentaje": True})
    return graficos
