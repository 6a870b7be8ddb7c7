"""``limonero embudo``: el embudo de gestión por grupo y periodo."""

from __future__ import annotations

from pathlib import Path

import click

from limonero_cli.cli.comun import (
    abrir_bitacora,
    cargar_estrategia,
    consola,
    fecha_o_hoy,
    leer_fecha_opcion,
    opcion_bitacora,
    opcion_estrategia,
    opcion_fecha,
    opcion_formato,
    opcion_sobrescribir,
)
from limonero_cli.errores import ErrorUso

DIMENSIONES = ("tratamiento", "etapa", "segmento", "asesor", "canal", "variante")


def _fecha_opcional(ctx, parametro, valor):
    return None if valor is None else leer_fecha_opcion(valor, "--" + parametro.name)


def leer_dimensiones(texto: str | None) -> list[str]:
    """``"tratamiento,etapa"`` → ``["tratamiento", "etapa"]``, validando cada nombre."""
    if not texto:
        return []
    dimensiones = [d.strip().lower() for d in texto.split(",") if d.strip()]
    desconocidas = [d for d in dimensiones if d not in DIMENSIONES]
    if desconocidas:
        raise ErrorUso(
            f"--por no admite «{', '.join(desconocidas)}».",
            f"Use una o dos de: {', '.join(DIMENSIONES)} (por ejemplo --por tratamiento,etapa).",
        )
    if len(dimensiones) > 2:
        raise ErrorUso("--por admite a lo sumo dos dimensiones.", "Ejemplo: --por tratamiento,etapa")
    return dimensiones


@click.command("embudo")
@click.option("--desde", callback=_fecha_opcional, metavar="AAAA-MM-DD", help="Inicio del periodo (incluido).")
@click.option("--hasta", callback=_fecha_opcional, metavar="AAAA-MM-DD", help="Fin del periodo (incluido).")
@click.option("--por", "por", default="tratamiento", show_default=True,
              help="Una o dos dimensiones separadas por coma: " + ", ".join(DIMENSIONES) + "; «total» para una sola fila.")
@opcion_formato
@click.option("-o", "--salida", type=click.Path(dir_okay=False, path_type=Path), help="Libro xlsx con las tablas y un gráfico.")
@opcion_fecha
@opcion_estrategia
@opcion_bitacora
@opcion_sobrescribir
def comando(desde, hasta, por, formato, salida, fecha, ruta_estrategia, ruta_bitacora, sobrescribir):
    """Muestra el embudo: asignadas → gestionadas → contactadas → contacto con titular
    → promesas → promesas cumplidas → monto recuperado.

    Cuenta deudores asignados en el periodo; cada deudor cuenta en el grupo de su
    última asignación. Junto a cada tratamiento, sus metas.

    \b
    Ejemplos:
      limonero embudo
      limonero embudo --desde 2025-07-01 --hasta 2025-07-31 --por tratamiento,etapa
      limonero embudo --formato json
      limonero embudo -o informe.xlsx
    """
    if desde and hasta and desde > hasta:
        raise ErrorUso("--desde es posterior a --hasta.", "Revise las fechas del periodo.")
    dimensiones = [] if por.strip().lower() == "total" else leer_dimensiones(por)
    fecha = fecha_o_hoy(fecha)
    estrategia = cargar_estrategia(ruta_estrategia)
    from limonero_cli.nucleo.embudo import calcular_embudo

    with abrir_bitacora(ruta_bitacora) as bitacora:
        asignaciones = bitacora.asignaciones()
        tipificaciones = bitacora.tipificaciones()
        pagos = bitacora.pagos()
    embudo = calcular_embudo(
        asignaciones,
        tipificaciones,
        pagos,
        estrategia.catalogo(),
        dimensiones,
        desde,
        hasta,
        estrategia.parametros.dias_gracia,
        estrategia.parametros.tolerancia_pct,
        fecha,
    )
    from limonero_cli.informes import embudo as informe

    metas = informe.metas_por_tratamiento(estrategia)
    if formato == "json":
        click.echo(informe.como_json(embudo))
    elif formato == "csv":
        click.echo(informe.como_csv(embudo), nl=False)
    elif formato == "markdown":
        click.echo(informe.como_markdown(embudo, metas, dimensiones))
    else:
        informe.mostrar(consola(), embudo, metas, dimensiones, desde, hasta)
    if salida:
        from limonero_cli.hojas.informe_xlsx import escribir_informe_embudo

        escribir_informe_embudo(salida, informe.tablas_para_libro(embudo, metas, dimensiones), sobrescribir)
        click.echo(f"Informe escrito en {salida}", err=True)
