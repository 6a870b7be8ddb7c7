"""Resumen de la segmentación: deudores, cuentas y saldo por segmento y tratamiento."""

from __future__ import annotations

import pandas as pd

from limonero_cli.informes.formato import compacto
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
            r.segmento, _tratamiento(r.tratamiento, r.variante), r.etapa if pd.notna(r.etapa) else "",
            int(r.deudores), int(r.cuentas), compacto(float(r.saldo)),
        ]
        for r in grupos.itertuples()
    ]
    filas.append(["Total", "", "", int(segmentada["cliente_id"].nunique()), len(segmentada), compacto(total_saldo)])
    return TablaInforme(
        "Segmentación de la cartera (tratamiento y, entre paréntesis, su variante)",
        encabezado=["segmento", "tratamiento", "etapa", "deudores", "cuentas", "saldo vencido"],
        filas=filas,
    )


def _tratamiento(tratamiento, variante) -> str:
    if pd.isna(tratamiento):
        return ""
    return f"{tratamiento} ({variante})" if pd.notna(variante) and str(variante).strip() else str(tratamiento)
