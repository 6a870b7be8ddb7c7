"""``limonero embudo``: el embudo de gestión por grupo y periodo."""

from __future__ import annotations

from pathlib import Path

import click

from limonero_cli.cli.comun import (
    informe_en_terminal,
    exigir_libro_xlsx,
    Progreso,
    abrir_bitacora,
    cargar_estrategia,
    consola,
    fecha_o_hoy,
    opcion_bitacora,
    opcion_estrategia,
    opcion_fecha,
    opcion_silencioso,
    opcion_formato,
    opcion_periodo,
    opcion_sobrescribir,
)
from limonero_cli.errores import ErrorUso

# Las mismas que acepta nucleo.embudo.normalizar_por (aquí sin importar pandas, para la ayuda).
DIMENSIONES = ("tratamiento", "etapa", "segmento", "asesor", "canal", "variante")


@click.command("embudo")
@opcion_periodo
@click.option("--por", "por", default="tratamiento", show_default=True,
              help="Una o dos dimensiones separadas por coma: " + ", ".join(DIMENSIONES) + "; «total» para una sola fila.")
@opcion_formato
@click.option("-o", "--salida", type=click.Path(dir_okay=False, path_type=Path), help="Libro xlsx con las tablas y un gráfico.")
@opcion_fecha
@opcion_estrategia
@opcion_bitacora
@opcion_sobrescribir
@opcion_silencioso
def comando(desde, hasta, por, formato, salida, fecha, ruta_estrategia, ruta_bitacora, sobrescribir, silencioso):
    """Muestra el embudo de deudores: asignados → gestionados → contactados →
    contacto con titular → con promesa → cumplieron la promesa → recuperado.

    Cuenta deudores asignados en el periodo; cada deudor cuenta en el grupo de su
    última asignación. Recuperado = pagos de esos deudores desde el día de su
    primera asignación del periodo (lo pagado antes no es fruto de la gestión).
    Junto a cada tratamiento, sus metas; una meta cuyo denominador es 0 queda
    «sin datos» (no es un incumplimiento). El JSON y el CSV conservan los nombres
    de columna (asignadas, gestionadas, ...).

    \b
    Ejemplos:
      limonero embudo
      limonero embudo --desde 2025-07-01 --hasta 2025-07-31 --por tratamiento,etapa
      limonero embudo --formato json
      limonero embudo -o informe.xlsx
    """
    if desde and hasta and desde > hasta:
        raise ErrorUso("--desde es posterior a --hasta.", "Revise las fechas del periodo.")
    exigir_libro_xlsx(salida, "-o", "el informe", "informe.xlsx")
    from limonero_cli.nucleo.embudo import normalizar_por

    dimensiones = [] if por.strip().lower() == "total" else normalizar_por(por)
    fecha = fecha_o_hoy(fecha)
    estrategia = cargar_estrategia(ruta_estrategia)
    from limonero_cli.nucleo.embudo import calcular_embudos, comparar_metas

    brazos = brazos_de_la_estrategia(estrategia)
    comparar = bool(brazos) and bool({"variante", "tratamiento"} & set(dimensiones))
    columnas_asignacion = {"cliente_id", "saldo_vencido", *dimensiones}
    if comparar:
        columnas_asignacion |= {"segmento", "variante", "tratamiento"}
    # La primera lectura después de actualizar limonero arma la copia en columnas (un minuto con
    # millones de filas): el avance se ve en la terminal.
    with abrir_bitacora(ruta_bitacora, crear=False) as bitacora, Progreso(silencioso).paso("Leyendo la bitácora"):
        # De la copia en columnas y solo lo que el embudo usa: con millones de filas, leer de más es lo
        # que más cuesta. Las tipificaciones y pagos van hasta ``fecha`` sin límite inicial: las promesas
        # anteriores al periodo se llevan sus pagos primero (el periodo lo filtra calcular_embudos).
        asignaciones = bitacora.asignaciones(desde, hasta, columnas=tuple(sorted(columnas_asignacion)), compacto=True)
        tipificaciones = bitacora.tipificaciones(
            hasta=max(hasta, fecha) if hasta else None,
            columnas=("cliente_id", "fecha_hora", "codigo", "monto_promesa", "fecha_promesa"), compacto=True)
        pagos = bitacora.pagos(hasta=fecha, columnas=("cliente_id", "fecha", "monto"), compacto=True)
    parametros = estrategia.parametros
    catalogo = estrategia.catalogo()

    # una sola pasada por deudor para las dos aperturas (la pedida y la de campeón contra retador)
    aperturas = [dimensiones] + ([["segmento", "variante"]] if comparar else [])
    embudos = calcular_embudos(asignaciones, tipificaciones, pagos, catalogo, aperturas, desde, hasta,
                               parametros.dias_gracia, parametros.tolerancia_pct, fecha)
    embudo = embudos[0]
    from limonero_cli.informes import embudo as informe

    metas = informe.metas_por_tratamiento(estrategia)
    hipotesis = comparar_metas(embudo, tabla_de_metas(estrategia)) if "tratamiento" in dimensiones else None
    variantes = campeon_contra_retador(embudos[1], brazos) if comparar else None
    if formato == "json":
        click.echo(informe.como_json(embudo))
    elif formato == "csv":
        click.echo(informe.como_csv(embudo), nl=False)
    elif formato == "markdown":
        click.echo(informe.como_markdown(embudo, metas, dimensiones, hipotesis, variantes))
    elif informe_en_terminal(silencioso, salida):
        informe.mostrar(consola(), embudo, metas, dimensiones, desde, hasta, hipotesis, variantes)
    if salida:
        from limonero_cli.hojas.informe_xlsx import escribir_informe_xlsx

        tablas = informe.tablas_para_libro(embudo, metas, dimensiones, hipotesis, variantes)
        escribir_informe_xlsx(salida, tablas, informe.graficos_para_libro(tablas), sobrescribir)
        if not silencioso:
            click.echo(f"Informe escrito en {salida}", err=True)


def tabla_de_metas(estrategia):
    """Las metas de cada tratamiento (la primera fila de cada uno) como tabla para ``comparar_metas``."""
    import pandas as pd

    filas, vistos = [], set()
    for t in estrategia.tratamientos:
        if t.tratamiento in vistos:
            continue
        vistos.add(t.tratamiento)
        filas.append({"tratamiento": t.tratamiento, "meta_cobertura": t.meta_cobertura, "meta_contacto": t.meta_contacto,
                      "meta_promesa": t.meta_promesa, "meta_cumplimiento": t.meta_cumplimiento,
                      "meta_recuperacion": t.meta_recuperacion})
    return pd.DataFrame(filas, columns=["tratamiento", "meta_cobertura", "meta_contacto", "meta_promesa",
                                        "meta_cumplimiento", "meta_recuperacion"])


def brazos_de_la_estrategia(estrategia) -> dict:
    """Segmentos con campeón y retador: ``{clave del segmento: (segmento, {clave variante: etiqueta}, campeón)}``.

    La etiqueta de cada brazo es «variante · tratamiento» (p. ej. «B · Contención digital»); el
    campeón es la fila de mayor ``proporcion`` del segmento (la primera si empatan).
    """
    from limonero_cli.estrategia.modelo import clave

    por_segmento: dict = {}
    for t in estrategia.tratamientos:
        por_segmento.setdefault(clave(t.segmento), []).append(t)
    brazos = {}
    for llave, filas in por_segmento.items():
        if len(filas) < 2:
            continue
        etiquetas = {clave(t.variante): f"{t.variante} · {t.tratamiento}" for t in filas}
        campeon = max(filas, key=lambda t: t.proporcion)  # max devuelve el primero entre iguales
        brazos[llave] = (filas[0].segmento, etiquetas, etiquetas[clave(campeon.variante)])
    return brazos


def campeon_contra_retador(embudo_segmento_variante, brazos: dict):
    """Compara las variantes de cada segmento con campeón y retador (``comparar_variantes`` dentro del segmento)."""
    from limonero_cli.estrategia.modelo import clave
    from limonero_cli.nucleo.embudo import comparar_variantes

    tabla = embudo_segmento_variante.copy()
    llaves = tabla["segmento"].map(clave)
    tabla = tabla[llaves.isin(brazos)].copy()
    if tabla.empty:
        return None
    llaves = tabla["segmento"].map(clave)
    tabla["segmento"] = [brazos[k][0] for k in llaves]
    tabla["variante"] = [brazos[k][1].get(clave(v), str(v)) for k, v in zip(llaves, tabla["variante"])]
    campeones = {brazos[k][0]: brazos[k][2] for k in set(llaves)}
    return comparar_variantes(tabla, campeon=campeones, dentro="segmento")
