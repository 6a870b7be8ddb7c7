"""``limonero asesores``: el tablero de cada asesor (productividad, efectividad, calidad y metas)."""

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


@click.command("asesores")
@opcion_periodo
@opcion_formato
@click.option("-o", "--salida", type=click.Path(dir_okay=False, path_type=Path),
              help="Libro xlsx con el ranking, el detalle y un gráfico.")
@opcion_fecha
@opcion_estrategia
@opcion_bitacora
@opcion_sobrescribir
@opcion_silencioso
def comando(desde, hasta, formato, salida, fecha, ruta_estrategia, ruta_bitacora, sobrescribir, silencioso):
    """Tablero de asesores: intentos, intentos por hora, cobertura de su lista,
    contacto, contacto con titular, promesas, cumplimiento, monto recuperado,
    calidad y un semáforo contra las metas de sus tratamientos.

    Horas trabajadas = del primer al último intento con hora de cada día, sumadas
    (un intento a las 00:00:00 es de hora desconocida: no cuenta para las horas,
    los intentos por hora ni el horario). Recuperado = lo que los pagos aportaron
    a las promesas que tomó el asesor. Semáforo: promedio de real/meta, cada uno
    topado en 100 %, sin los indicadores sin datos; verde desde 90 %, amarillo
    desde 70 %, rojo por debajo.

    \b
    Ejemplos:
      limonero asesores
      limonero asesores --desde 2025-07-01 --hasta 2025-07-31
      limonero asesores --formato csv > asesores.csv
      limonero asesores -o asesores.xlsx
    """
    if desde and hasta and desde > hasta:
        raise ErrorUso("--desde es posterior a --hasta.", "Revise las fechas del periodo.")
    exigir_libro_xlsx(salida, "-o", "el tablero", "asesores.xlsx")
    fecha = fecha_o_hoy(fecha)
    estrategia = cargar_estrategia(ruta_estrategia)
    from limonero_cli.cli.embudo import tabla_de_metas
    from limonero_cli.informes import asesores as informe
    from limonero_cli.nucleo.asesores import calcular_asesores

    # La primera lectura después de actualizar limonero arma la copia en columnas (un minuto con
    # millones de filas): el avance se ve en la terminal.
    with abrir_bitacora(ruta_bitacora, crear=False) as bitacora, Progreso(silencioso).paso("Leyendo la bitácora"):
        asignaciones = bitacora.asignaciones(desde, hasta, columnas=("cliente_id", "asesor", "tratamiento"),
                                             compacto=True)
        tipificaciones = bitacora.tipificaciones(
            hasta=fecha,
            columnas=("cliente_id", "fecha_hora", "asesor", "canal", "codigo", "monto_promesa", "fecha_promesa"),
            compacto=True)
        pagos = bitacora.pagos(hasta=fecha, columnas=("cliente_id", "fecha", "monto"), compacto=True)
    parametros = estrategia.parametros
    tabla = calcular_asesores(
        asignaciones, tipificaciones, pagos, estrategia.catalogo(), desde, hasta,
        parametros.dias_gracia, parametros.tolerancia_pct, fecha,
        reglas_contacto={r.pais: r for r in estrategia.reglas_contacto},
        pais_por_defecto=parametros.pais,
        canales_masivos={c.canal.strip().lower() for c in estrategia.canales if c.tipo == "masivo"},
        metas=tabla_de_metas(estrategia),
    )
    if formato == "json":
        click.echo(informe.como_json(tabla))
    elif formato == "csv":
        click.echo(informe.como_csv(tabla), nl=False)
    elif formato == "markdown":
        click.echo(informe.como_markdown(tabla))
    elif informe_en_terminal(silencioso, salida):
        informe.mostrar(consola(), tabla, desde, hasta)
    if salida:
        from limonero_cli.hojas.informe_xlsx import escribir_informe_xlsx

        escribir_informe_xlsx(salida, informe.tablas_para_libro(tabla), informe.graficos_para_libro(), sobrescribir)
        if not silencioso:
            click.echo(f"Informe escrito en {salida}", err=True)
