"""Presentación del embudo: terminal con barras, markdown, csv, json y tablas para el libro xlsx.

El embudo cuenta deudores: las etiquetas que se ven son «Asignados», «Gestionados»... (las
claves de JSON y CSV siguen siendo ``asignadas``, ``gestionadas``..., la interfaz para scripts).
Cada tasa tiene su denominador escrito al lado:
- cobertura = gestionados / asignados
- contacto = contactados / gestionados
- promesa = con promesa / contacto con titular
- cumplimiento = cumplieron la promesa / con promesa
- recuperación = monto recuperado / saldo vencido asignado
Una meta cuyo denominador es 0 queda «sin datos» (no es un incumplimiento).
"""

from __future__ import annotations

import json
import math

import pandas as pd

from limonero_cli.informes.formato import compacto, dinero, entero, periodo, porcentaje
from limonero_cli.informes.terminal import TablaInforme

PASOS = [
    ("asignadas", "Asignados"),
    ("gestionadas", "Gestionados"),
    ("contactadas", "Contactados"),
    ("contacto_titular", "Contacto con titular"),
    ("promesas", "Con promesa"),
    ("promesas_cumplidas", "Cumplieron la promesa"),
]
RECUPERADO = "Recuperado"
SIN_DATOS = "sin datos"

# meta -> (nombre, numerador, denominador)
METAS = {
    "meta_cobertura": ("cobertura", "gestionadas", "asignadas"),
    "meta_contacto": ("contacto", "contactadas", "gestionadas"),
    "meta_promesa": ("promesa", "promesas", "contacto_titular"),
    "meta_cumplimiento": ("cumplimiento", "promesas_cumplidas", "promesas"),
    "meta_recuperacion": ("recuperación", "monto_recuperado", "saldo_asignado"),
}
ANCHO_BARRA = 12
NOMBRES_CORTOS = {"Asignados": "Asign.", "Gestionados": "Gest.", "Contactados": "Cont.",
                  "Contacto con titular": "Tit.", "Con promesa": "Prom.", "Cumplieron la promesa": "Cumpl.",
                  "cumplimiento": "cumplim.", "recuperación": "recuper.", "recuperacion": "recuper."}
#: Nombre que se ve de cada indicador de ``comparar_metas`` (sus claves van sin tilde).
NOMBRES_INDICADORES = {"cobertura": "cobertura", "contacto": "contacto", "promesa": "promesa",
                       "cumplimiento": "cumplimiento", "recuperacion": "recuperación"}
#: Encabezados que se ven en la hoja «Detalle» del libro (las columnas de ``calcular_embudo``).
ETIQUETAS_DETALLE = {
    "grupo": "grupo", "asignadas": "asignados", "gestionadas": "gestionados", "contactadas": "contactados",
    "contacto_titular": "contacto con titular", "promesas": "con promesa",
    "promesas_cumplidas": "cumplieron la promesa", "monto_prometido": "monto prometido",
    "monto_recuperado": "monto recuperado", "monto_antes_de_asignar": "pagado antes de su primera asignación",
    "saldo_asignado": "saldo vencido asignado",
    "conv_gestionadas": "gestionados ÷ paso anterior", "conv_contactadas": "contactados ÷ paso anterior",
    "conv_contacto_titular": "contacto con titular ÷ paso anterior", "conv_promesas": "con promesa ÷ paso anterior",
    "conv_promesas_cumplidas": "cumplieron la promesa ÷ paso anterior",
    "tasa_gestionadas": "gestionados ÷ asignados", "tasa_contactadas": "contactados ÷ asignados",
    "tasa_contacto_titular": "contacto con titular ÷ asignados", "tasa_promesas": "con promesa ÷ asignados",
    "tasa_promesas_cumplidas": "cumplieron la promesa ÷ asignados",
    "tasa_recuperacion": "recuperación (recuperado ÷ saldo asignado)",
    "tratamiento": "tratamiento", "etapa": "etapa", "segmento": "segmento", "asesor": "asesor", "canal": "canal",
    "variante": "variante",
}


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


def _texto_meta(actual, objetivo) -> tuple[str, bool | None]:
    """«real (meta M ✓/✗)» y si cumple; sin datos (denominador 0) no es un incumplimiento."""
    if actual is None:
        return f"{SIN_DATOS} (meta {porcentaje(objetivo, 0)})", None
    cumple = actual >= objetivo
    return f"{porcentaje(actual)} (meta {porcentaje(objetivo, 0)} {'✓' if cumple else '✗'})", cumple


def _filas_resumen(embudo: pd.DataFrame, metas: dict, dimensiones: list[str]) -> list[list]:
    filas = []
    for _, fila in embudo.iterrows():
        meta = metas.get(fila.get("tratamiento"), {}) if "tratamiento" in dimensiones else {}
        valores = [fila["grupo"]] + [int(fila[paso]) for paso, _ in PASOS] + [float(fila["monto_recuperado"])]
        actuales = tasas(fila)
        for clave, (nombre, _, _) in METAS.items():
            actual = actuales[nombre]
            objetivo = meta.get(clave)
            if objetivo is None:
                valores.append(porcentaje(actual) if actual is not None else SIN_DATOS)
            else:
                valores.append(_texto_meta(actual, objetivo)[0])
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
    partes.append("\n" + NOTA_PASOS + " " + NOTA_RECUPERADO + nota_de_pagos(embudo))
    if hipotesis is not None and len(hipotesis):
        partes.append("\n**Hipótesis de cada tratamiento**\n")
        partes.append(tabulate(filas_hipotesis(hipotesis), headers=ENCABEZADO_HIPOTESIS, tablefmt="github",
                               disable_numparse=True))
    if variantes is not None and len(variantes):
        partes.append("\n**Campeón contra retador** (cumplieron la promesa / asignados)\n")
        partes.append(tabulate(filas_variantes(variantes), headers=ENCABEZADO_VARIANTES, tablefmt="github",
                               disable_numparse=True))
        partes += [f"- {v}" for v in variantes["veredicto"]]
    return "\n".join(partes)


# --------------------------------------------------------------------------- hipótesis y variantes

ENCABEZADO_HIPOTESIS = ["tratamiento", "hipótesis", "metas", "no alcanza (real < meta, %)"]
ENCABEZADO_VARIANTES = ["grupo", "campeón", "tasa", "retador", "tasa ", "p"]
SIN_DATOS_SUFICIENTES = "sin datos suficientes"
NOTA_PASOS = ("El embudo cuenta deudores: asignados en el periodo → gestionados (al menos un intento) → "
              "contactados (contacto con un tercero o más) → contacto con el titular → con promesa → "
              "cumplieron la promesa.")
NOTA_RECUPERADO = ("Recuperado = pagos de los deudores asignados desde el día de su primera asignación del "
                   "periodo; su % es del saldo vencido asignado.")


def filas_hipotesis(hipotesis: pd.DataFrame) -> list[list]:
    """Una fila por tratamiento: si su hipótesis se sostiene y qué metas no alcanza (real / meta).

    Una meta sin datos (denominador 0) no cuenta ni a favor ni en contra; si ninguna meta tiene
    datos, la hipótesis queda «sin datos suficientes».
    """
    filas = []
    for tratamiento, grupo in hipotesis.groupby("tratamiento", sort=True):
        con_datos = grupo[grupo["cumple"].notna()]
        sin_datos = len(grupo) - len(con_datos)
        veredicto = grupo["hipotesis_se_cumple"].iloc[0]
        texto = SIN_DATOS_SUFICIENTES if veredicto is None else ("se sostiene" if veredicto else "no se sostiene")
        fallan = con_datos[con_datos["cumple"] == False]  # noqa: E712 - columna de objetos
        detalle = ", ".join(
            f"{NOMBRES_INDICADORES.get(f.indicador, f.indicador)} "
            f"{f.real * 100:.0f} < {f.meta * 100:.0f}" for f in fallan.itertuples())
        cumplidas = f"{int((con_datos['cumple'] == True).sum())} de {len(con_datos)}"  # noqa: E712
        if sin_datos:
            detalle = ", ".join(([detalle] if detalle else []) + [f"{sin_datos} {SIN_DATOS}"])
        filas.append([str(tratamiento), texto, cumplidas, detalle or "—"])
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
    hipótesis se sostiene y el campeón contra el retador (con su veredicto en palabras).

    Todo cabe en 80 columnas: los números nunca se cortan (columnas ``no_wrap`` con ancho mínimo).
    """
    from rich.table import Table
    from rich.text import Text

    texto_periodo = periodo(desde, hasta)
    if embudo.empty:
        consola.print(Text(f"Embudo {texto_periodo}: no hay asignaciones en la bitácora para ese periodo."))
        return
    total = embudo[[paso for paso, _ in PASOS] + ["monto_recuperado", "saldo_asignado"]].sum()
    consola.print(_tabla_barras(Table, Text, total, f"Embudo {texto_periodo}: deudores en cada paso",
                                nota_de_pagos(embudo)))
    if len(embudo) > 1:
        consola.print(_tabla_grupos(Table, Text, embudo, dimensiones))
    tabla_metas = _tabla_metas(Table, Text, embudo, metas, dimensiones)
    if tabla_metas is not None:
        consola.print(tabla_metas)
    if hipotesis is not None and len(hipotesis):
        tabla = Table(title=Text("Hipótesis de cada tratamiento (se sostiene si cumple todas sus metas con datos)",
                                 style="bold"), title_justify="left", caption_justify="left",
                      caption=Text("metas = cumplidas de las que tienen datos. Una meta «sin datos» (denominador 0) "
                                   "no cuenta; sin ninguna meta con datos, la hipótesis queda «sin datos "
                                   "suficientes»."))
        tabla.add_column(ENCABEZADO_HIPOTESIS[0], overflow="fold", min_width=12)
        tabla.add_column(ENCABEZADO_HIPOTESIS[1], no_wrap=True)
        tabla.add_column(ENCABEZADO_HIPOTESIS[2], no_wrap=True)
        tabla.add_column(ENCABEZADO_HIPOTESIS[3], overflow="fold", min_width=18)
        for fila in filas_hipotesis(hipotesis):
            estilo = {"se sostiene": "green", "no se sostiene": "red"}.get(fila[1])
            # Una meta incumplida por línea: «cobertura 32 < 95» nunca se parte.
            tabla.add_row(Text(fila[0]), Text(fila[1], style=estilo or ""), Text(fila[2]),
                          Text(fila[3].replace(", ", "\n")))
        consola.print(tabla)
    if variantes is not None and len(variantes):
        tabla = Table(title=Text("Campeón contra retador: cumplieron la promesa / asignados", style="bold"),
                      title_justify="left")
        for nombre in ENCABEZADO_VARIANTES:
            numerica = nombre.strip() in ("tasa", "p")
            tabla.add_column(nombre, overflow="fold", justify="right" if numerica else "left", no_wrap=numerica)
        for fila in filas_variantes(variantes):
            tabla.add_row(*[Text(v) for v in fila])
        consola.print(tabla)
        for veredicto in variantes["veredicto"]:
            consola.print(Text(f"• {veredicto}"))


def _columna_numero(tabla, nombre: str, ancho: int) -> None:
    """Una columna numérica que nunca se corta: a la derecha, sin partir, con ancho mínimo."""
    tabla.add_column(nombre, justify="right", no_wrap=True, min_width=max(ancho, len(nombre)))


def _tabla_barras(Table, Text, fila, titulo: str, nota_pagos: str = ""):
    tabla = Table(title=Text(titulo, style="bold"), title_justify="left", caption_justify="left",
                  caption=Text(NOTA_PASOS))
    tabla.add_column("paso", no_wrap=True, min_width=21)
    _columna_numero(tabla, "deudores", 9)
    tabla.add_column("% de los asignados", no_wrap=True, min_width=ANCHO_BARRA + 8)
    _columna_numero(tabla, "% del anterior", 7)
    tope = fila["asignadas"] or 0
    anterior = None
    for paso, nombre in PASOS:
        valor = int(fila[paso])
        fraccion = _cociente(valor, tope)
        largo = 0 if not tope else round(ANCHO_BARRA * valor / tope)
        barra = Text("█" * largo + " " * (ANCHO_BARRA - largo), style="green")
        barra.append(f" {porcentaje(fraccion):>7}", style="")
        tabla.add_row(
            Text(nombre),
            Text(entero(valor)),
            barra,
            Text(porcentaje(_cociente(valor, anterior)) if anterior is not None else ""),
        )
        anterior = valor
    recuperado = _cociente(fila["monto_recuperado"], fila["saldo_asignado"])
    tabla.add_section()
    tabla.add_row(Text(RECUPERADO), Text(compacto(fila["monto_recuperado"])),
                  Text(f"{porcentaje(recuperado)} del saldo"), Text(""))
    tabla.caption = Text(f"{NOTA_PASOS} {NOTA_RECUPERADO} Saldo vencido asignado: "
                         f"{compacto(fila['saldo_asignado'])}.{nota_pagos}")
    return tabla


def nota_de_pagos(embudo: pd.DataFrame) -> str:
    """La frase que cuadra el embudo con los pagos del periodo: recuperado + lo que los asignados pagaron antes
    de su primera asignación + lo que pagaron deudores no asignados = todos los pagos del periodo.

    El total viene en ``attrs["pagos_del_periodo"]`` de :func:`~limonero_cli.nucleo.embudo.calcular_embudos`;
    una tabla armada a mano, sin él, no lleva la frase."""
    total = embudo.attrs.get("pagos_del_periodo")
    if not total:
        return ""
    recuperado = float(embudo["monto_recuperado"].sum())
    antes = float(embudo["monto_antes_de_asignar"].sum())
    no_asignados = max(total - recuperado - antes, 0.0)
    return (f" Todos los pagos del periodo suman {compacto(total)}: {compacto(recuperado)} recuperado, "
            f"{compacto(antes)} de estos deudores antes de su primera asignación y {compacto(no_asignados)} de "
            "deudores no asignados en el periodo.")


def _tabla_grupos(Table, Text, embudo: pd.DataFrame, dimensiones: list[str]):
    titulo = ("Por " + " y ".join(dimensiones) if dimensiones else "Por grupo") + ": % de los asignados en cada paso"
    tabla = Table(title=Text(titulo, style="bold"), title_justify="left", caption_justify="left",
                  caption=Text("Asign. = deudores asignados. Gest., Cont., Tit., Prom. y Cumpl. = % de los "
                               "asignados que fueron gestionados, contactados, con contacto con el titular, con "
                               "promesa y que cumplieron la promesa. Recup. = monto recuperado."))
    tabla.add_column("grupo", min_width=10, ratio=1)
    _columna_numero(tabla, "Asign.", 6)
    for _, nombre in PASOS[1:]:
        _columna_numero(tabla, NOMBRES_CORTOS.get(nombre, nombre), 5)
    _columna_numero(tabla, "Recup.", 9)
    for _, fila in embudo.iterrows():
        tope = fila["asignadas"]
        celdas = [Text(str(fila["grupo"])), Text(entero(int(fila["asignadas"])))]
        for paso, _ in PASOS[1:]:
            fraccion = _cociente(int(fila[paso]), tope)
            celdas.append(Text("—" if fraccion is None else f"{fraccion * 100:.0f} %"))
        celdas.append(Text(compacto(fila["monto_recuperado"])))
        tabla.add_row(*celdas)
    return tabla


def _tabla_metas(Table, Text, embudo: pd.DataFrame, metas: dict, dimensiones: list[str]):
    if "tratamiento" not in dimensiones or not metas:
        return None
    tabla = Table(title=Text("Metas de cada tratamiento: real / meta, en %", style="bold"), title_justify="left",
                  caption_justify="left",
                  caption=Text("cobertura = gestionados/asignados · contacto = contactados/gestionados · promesa = "
                               "con promesa/contacto con titular · cumplimiento = cumplieron/con promesa · "
                               "recuperación = monto recuperado/saldo asignado. «sin datos»: el denominador es 0 "
                               "(todavía no hay con qué medir); no cuenta como incumplida."))
    tabla.add_column("grupo", min_width=12, ratio=1)
    for nombre, _, _ in METAS.values():
        _columna_numero(tabla, NOMBRES_CORTOS.get(nombre, nombre), 9)
    for _, fila in embudo.iterrows():
        meta = metas.get(fila.get("tratamiento"), {})
        if not meta:
            continue
        actuales = tasas(fila)
        celdas = [Text(str(fila["grupo"]))]
        for clave, (nombre, _, _) in METAS.items():
            actual, objetivo = actuales[nombre], meta.get(clave)
            real = SIN_DATOS if actual is None else f"{actual * 100:.0f}"
            if objetivo is None:
                celdas.append(Text(real))
                continue
            if actual is None:
                celdas.append(Text(f"{SIN_DATOS}\nmeta {objetivo * 100:.0f}", style="dim"))
                continue
            cumple = actual >= objetivo
            celdas.append(Text(f"{real} / {objetivo * 100:.0f} {'✓' if cumple else '✗'}",
                               style="green" if cumple else "red"))
        tabla.add_row(*celdas)
    return tabla


ETIQUETAS_VARIANTES = {
    "campeon": "campeón", "retador": "retador", "paso": "paso", "asignadas_campeon": "asignados del campeón",
    "exitos_campeon": "éxitos del campeón", "tasa_campeon": "tasa del campeón",
    "asignadas_retador": "asignados del retador", "exitos_retador": "éxitos del retador",
    "tasa_retador": "tasa del retador", "valor_p": "valor p", "veredicto": "veredicto",
}


def _si_no(valor, vacio: str):
    return vacio if valor is None or (isinstance(valor, float) and math.isnan(valor)) else ("sí" if valor else "no")


def tablas_para_libro(embudo: pd.DataFrame, metas: dict, dimensiones: list[str], hipotesis: pd.DataFrame | None = None,
                      variantes: pd.DataFrame | None = None) -> list[TablaInforme]:
    """Tablas del libro de informe: el resumen con metas, el embudo completo, metas e hipótesis, variantes.

    Los encabezados son los que se ven (con tildes y en masculino: se cuentan deudores); el JSON y el
    CSV conservan los nombres de columna de :func:`~limonero_cli.nucleo.embudo.calcular_embudo`.
    """
    detalle_columnas = [ETIQUETAS_DETALLE.get(c, c.replace("_", " ")) for c in embudo.columns]
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
            filas=[[f"{f.tratamiento} · {NOMBRES_INDICADORES.get(f.indicador, f.indicador)}", f.tratamiento,
                    NOMBRES_INDICADORES.get(f.indicador, f.indicador), _limpiar(f.meta), _limpiar(f.real),
                    _si_no(f.cumple, SIN_DATOS), _si_no(f.hipotesis_se_cumple, SIN_DATOS_SUFICIENTES)]
                   for f in hipotesis.itertuples()],
        ))
    if variantes is not None and len(variantes):
        tablas.append(TablaInforme(
            "Campeón y retador",
            encabezado=[ETIQUETAS_VARIANTES.get(c, c) for c in variantes.columns],
            # El paso comparado, con el nombre que se ve («cumplieron la promesa»), no el de la columna.
            filas=[[_limpiar(ETIQUETAS_DETALLE.get(v, v) if c == "paso" else v) for c, v in zip(variantes.columns, fila)]
                   for fila in variantes.itertuples(index=False)],
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
