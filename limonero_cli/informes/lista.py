"""El resumen de la lista del día, en tablas que sirven a la terminal y a la hoja Resumen."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from limonero_cli.informes.terminal import TablaInforme
from limonero_cli.nucleo.listas import ListaDelDia

ORIGENES = {
    "evento": "evento del calendario",
    "ruta": "ruta tras la última tipificación",
    "recordatorio": "recordatorio de promesa",
    "verificacion": "verificación de promesa",
    "incumplida": "promesa incumplida",
}
TITULO_SIN_FICHA = "Asesores de la cartera que no están en la hoja «asesores»"


def tablas_resumen(lista: ListaDelDia, origen: str, leidas: int, rechazadas: int) -> list[TablaInforme]:
    """Las tablas del resumen del día (cifras, reparto, desborde, exclusiones)."""
    cifras = lista.resumen()
    tablas = [
        TablaInforme(
            f"Lista del {lista.fecha.isoformat()}",
            [
                ["Cartera", Path(origen).name],
                ["Filas leídas de la cartera", leidas],
                ["Filas rechazadas" + (" (ver rechazos_cartera.csv)" if rechazadas else ""), rechazadas],
                ["Cuentas", cifras["cuentas"]],
                ["Deudores", cifras["deudores"]],
                ["Deudores en la lista de hoy", cifras["deudores_en_lista"]],
                ["Filas de la lista (deudor y canal)", cifras["filas"]],
                ["Saldo vencido de los deudores en lista", float(lista.filas["saldo_vencido"].sum())],
                ["Filas que no cupieron (desborde)", cifras["desbordes"]],
                ["Deudores que no cupieron hoy", cifras["deudores_desborde"]],
                ["Deudores excluidos hoy", cifras["excluidos"]],
                ["Deudores sin contacto programado hoy", cifras["sin_contacto_hoy"]],
                ["Deudores sin segmento", cifras["sin_segmento"]],
            ],
        )
    ]
    filas = lista.filas
    if len(filas):
        por_asesor = (
            filas.assign(asesor=filas["asesor"].fillna("(masivo)"))
            .groupby(["asesor", "canal"])
            .agg(filas=("cliente_id", "size"), saldo=("saldo_vencido", "sum"))
            .reset_index()
        )
        tablas.append(
            TablaInforme(
                "Filas por asesor y canal",
                encabezado=["asesor", "canal", "filas", "saldo vencido"],
                filas=[[r.asesor, r.canal, int(r.filas), float(r.saldo)] for r in por_asesor.itertuples()],
            )
        )
        por_tratamiento = filas.groupby(["tratamiento", "etapa"]).size().reset_index(name="filas")
        tablas.append(
            TablaInforme(
                "Filas por tratamiento y etapa",
                encabezado=["tratamiento", "etapa", "filas"],
                filas=[[r.tratamiento, r.etapa, int(r.filas)] for r in por_tratamiento.itertuples()],
            )
        )
        por_origen = filas.groupby("origen").size().reset_index(name="filas").sort_values("filas", ascending=False)
        tablas.append(
            TablaInforme(
                "Origen de las filas",
                encabezado=["origen", "filas"],
                filas=[[ORIGENES.get(r.origen, r.origen), int(r.filas)] for r in por_origen.itertuples()],
            )
        )
    if len(lista.desbordes):
        desborde = (
            lista.desbordes.assign(asesor=lista.desbordes["asesor"].fillna("(sin asesor)"))
            .groupby(["canal", "asesor", "motivo_desborde"])
            .size()
            .reset_index(name="filas")
        )
        tablas.append(
            TablaInforme(
                "Desborde: filas que no cupieron (detalle en desborde.csv)",
                encabezado=["canal", "asesor", "motivo", "filas"],
                filas=[[r.canal, r.asesor, r.motivo_desborde, int(r.filas)] for r in desborde.itertuples()],
            )
        )
    if len(lista.exclusiones):
        exclusiones = lista.exclusiones.groupby("motivo")["cliente_id"].nunique().reset_index(name="deudores")
        tablas.append(
            TablaInforme(
                "Exclusiones de hoy, por motivo (deudores; quien tiene un canal excluido puede estar en la "
                "lista por otro)",
                encabezado=["motivo", "deudores"],
                filas=[[r.motivo, int(r.deudores)] for r in exclusiones.itertuples()],
            )
        )
    if lista.asesores_sin_ficha:
        tablas.append(
            TablaInforme(
                TITULO_SIN_FICHA,
                encabezado=[f"asesor (capacidad por defecto: {lista.capacidad_por_defecto} al día)"],
                filas=[[nombre] for nombre in lista.asesores_sin_ficha],
            )
        )
    return tablas


def filas_por_asesor(filas: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Las filas de canales de asesor, separadas por asesor (en orden alfabético)."""
    personales = filas[filas["asesor"].notna()]
    return {nombre: grupo for nombre, grupo in personales.groupby("asesor", sort=True)}
