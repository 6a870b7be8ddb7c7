"""Resumen de la segmentación: deudores, cuentas y saldo por segmento y tratamiento."""

from __future__ import annotations

import pandas as pd

from limonero_cli.informes.terminal import TablaInforme


def tabla_segmentos(segmentada: pd.DataFrame) -> TablaInforme:
    grupos = (
        segmentada.groupby(["segmento", "tratamiento", "variante", "etapa"], dropna=False)
        .agg(deudores=("cliente_id", "nunique"), cuentas=("cuenta", "size"), saldo=("saldo_vencido", "sum"))
        .reset_index()
        .sort_values("saldo", ascending=False)
    )
    total_saldo = float(segmentada["saldo_vencido"].sum())
    filas = [
        [
            r.segmento, r.tratamiento if pd.notna(r.tratamiento) else "", r.variante if pd.notna(r.variante) else "",
            r.etapa if pd.notna(r.etapa) else "", int(r.deudores), int(r.cuentas), float(r.saldo),
        ]
        for r in grupos.itertuples()
    ]
    filas.append(["Total", "", "", "", int(segmentada["cliente_id"].nunique()), len(segmentada), total_saldo])
    return TablaInforme(
        "Segmentación de la cartera",
        encabezado=["segmento", "tratamiento", "variante", "etapa", "deudores", "cuentas", "saldo vencido"],
        filas=filas,
    )
