"""``limonero demo``: el ciclo completo, varios días simulados, sobre los datos de ejemplo."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import click

from limonero_cli.cli.comun import consola


@click.command("demo")
@click.option("--dias", default=5, show_default=True, type=click.IntRange(1, 60), help="Días hábiles a simular.")
@click.option(
    "--carpeta",
    type=click.Path(file_okay=False, path_type=Path),
    help="Deja aquí el espacio de trabajo de la demostración (por defecto, una carpeta temporal que se borra).",
)
@click.option("--semilla", default=7, show_default=True, help="Semilla de la simulación.")
def comando(dias, carpeta, semilla):
    """Recorre el ciclo diario completo con la cartera de ejemplo (unas 5.000 cuentas).

    Cada día simulado: la cartera envejece un día, «lista» arma las listas,
    los asesores simulados tipifican, llegan pagos, y todo se carga a la
    bitácora como lo haría un supervisor. Al final muestra el embudo por
    tratamiento. Nada de esto toca sus archivos.

    \b
    Ejemplos:
      limonero demo
      limonero demo --dias 10 --carpeta demo_limonero
    """
    if carpeta is not None:
        if carpeta.exists() and any(carpeta.iterdir()):
            from limonero_cli.errores import ErrorUso

            raise ErrorUso(f"La carpeta {carpeta} ya existe y no está vacía.", "Elija una carpeta nueva para la demostración.")
        carpeta.mkdir(parents=True, exist_ok=True)
        recorrer_demo(carpeta, dias, semilla)
    else:
        with tempfile.TemporaryDirectory(prefix="limonero-demo-") as temporal:
            recorrer_demo(Path(temporal), dias, semilla)


def dias_habiles(desde: dt.date, cuantos: int) -> list[dt.date]:
    """``cuantos`` días de lunes a sábado desde ``desde`` (incluido)."""
    dias, fecha = [], desde
    while len(dias) < cuantos:
        if fecha.weekday() < 6:
            dias.append(fecha)
        fecha += dt.timedelta(days=1)
    return dias


def recorrer_demo(carpeta: Path, dias: int, semilla: int) -> None:
    from limonero_cli import ejemplos
    from limonero_cli.bitacora import Bitacora
    from limonero_cli.cli.cargar import cargar_archivo_pagos, cargar_archivo_tipificaciones
    from limonero_cli.cli.comun import historial_de
    from limonero_cli.cli.lista import escribir_salidas_lista
    from limonero_cli.estrategia.cargar import estrategia_por_defecto
    from limonero_cli.estrategia.defecto import hojas_por_defecto
    from limonero_cli.hojas.entradas import leer_cartera
    from limonero_cli.hojas.estrategia_xlsx import escribir_estrategia
    from limonero_cli.hojas.salida import escribir_tabla
    from limonero_cli.informes import embudo as informe
    from limonero_cli.informes.formato import compacto
    from limonero_cli.informes.lista import tablas_resumen
    from limonero_cli.informes.terminal import TablaInforme, mostrar_tablas
    from limonero_cli.nucleo.embudo import calcular_embudo
    from limonero_cli.nucleo.listas import construir_lista, filas_para_bitacora
    from limonero_cli.nucleo.simulacion import envejecer_cartera, simular_pagos, simular_tipificaciones

    inicio = time.perf_counter()
    salida = consola()
    click.echo(f"Espacio de trabajo de la demostración: {carpeta}")
    archivos = ejemplos.generar(carpeta / "ejemplos")
    escribir_estrategia(carpeta / "estrategia.xlsx", hojas_por_defecto())
    estrategia = estrategia_por_defecto()
    entrada = leer_cartera(archivos["cartera"], columnas=dict(estrategia.columnas))
    cartera = entrada.datos
    click.echo(f"Cartera de ejemplo: {len(cartera):,} cuentas de {cartera['cliente_id'].nunique():,} deudores.".replace(",", "."))

    filas_dia = []
    with Bitacora.abrir(carpeta / "limonero.db") as bitacora:
        bitacora.registrar_cuentas(cartera[["cuenta", "cliente_id"]])
        cargar_archivo_tipificaciones(bitacora, archivos["tipificaciones"], estrategia)
        cargar_archivo_pagos(bitacora, archivos["pagos"], estrategia)
        fechas = dias_habiles(ejemplos.FECHA_CORTE, dias)
        pagados: set[str] = set()
        for numero, fecha in enumerate(fechas):
            cartera_dia = envejecer_cartera(cartera, (fecha - ejemplos.FECHA_CORTE).days, pagados)
            lista = construir_lista(cartera_dia, estrategia, historial_de(bitacora), fecha)
            resumen = tablas_resumen(lista, str(archivos["cartera"]), entrada.leidas, len(entrada.rechazos))
            escribir_salidas_lista(carpeta / "listas" / fecha.isoformat(), lista, entrada, estrategia, resumen,
                                   sobrescribir=False)
            bitacora.registrar_asignaciones(fecha, filas_para_bitacora(lista))

            tipificaciones = simular_tipificaciones(lista.filas, estrategia.catalogo(), fecha, semilla + numero)
            ruta_tip = escribir_tabla(carpeta / "gestion" / f"tipificaciones_{fecha}.xlsx", tipificaciones)
            carga_tip, _, _ = cargar_archivo_tipificaciones(bitacora, ruta_tip, estrategia)

            promesas = bitacora.tipificaciones()
            promesas = promesas[promesas["monto_promesa"].notna()]
            saldos = cartera_dia.groupby("cliente_id")["saldo_vencido"].sum()
            pagos = simular_pagos(promesas, saldos, fecha, semilla + 1000 + numero)
            ruta_pagos = escribir_tabla(carpeta / "gestion" / f"pagos_{fecha}.xlsx", pagos)
            carga_pagos, _, _ = cargar_archivo_pagos(bitacora, ruta_pagos, estrategia)
            pagados |= _deudores_al_dia(bitacora, saldos)

            filas_dia.append([
                fecha.strftime("%d/%m"), len(lista.filas), int(lista.filas["asesor"].notna().sum()), len(lista.desbordes),
                carga_tip.cargadas, int((tipificaciones["monto_promesa"].notna()).sum()), carga_pagos.cargadas,
                compacto(float(pagos["monto"].sum())),
            ])
        asignaciones, tipificaciones, pagos = bitacora.asignaciones(), bitacora.tipificaciones(), bitacora.pagos()

    mostrar_tablas(salida, [TablaInforme(
        "Días simulados: filas de la lista (de ellas, de asesor), desborde, tipificaciones, promesas y pagos cargados",
        encabezado=["día", "filas", "asesor", "desborde", "tipif.", "promesas", "pagos", "pagado"],
        filas=filas_dia,
    )])
    desde, hasta = fechas[0], fechas[-1]
    embudo = calcular_embudo(
        asignaciones, tipificaciones, pagos, estrategia.catalogo(), ["tratamiento"], desde, hasta,
        estrategia.parametros.dias_gracia, estrategia.parametros.tolerancia_pct, hasta,
    )
    informe.mostrar(salida, embudo, informe.metas_por_tratamiento(estrategia), ["tratamiento"], desde, hasta)
    from limonero_cli.informes.formato import decimal

    click.echo(f"Demostración completa en {decimal(time.perf_counter() - inicio, 1)} s. "
               "Para su propia cartera: «limonero init mi_cobranza --desde cartera.xlsx» y luego "
               "«limonero lista cartera.xlsx».")


def _deudores_al_dia(bitacora, saldos) -> set[str]:
    """Deudores cuyos pagos registrados ya cubren su saldo vencido."""
    pagos = bitacora.pagos().groupby("cliente_id")["monto"].sum()
    comunes = pagos.index.intersection(saldos.index)
    return set(comunes[pagos[comunes] >= saldos[comunes]])
