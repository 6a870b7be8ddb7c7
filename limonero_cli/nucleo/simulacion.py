"""Simulación de un día de gestión, para la demostración y las pruebas de varios días.

Dado lo que la lista asignó, inventa con una semilla lo que respondieron los
deudores (una tipificación por fila de canal de asesor), las promesas con
monto y fecha, y los pagos (algunos cumplen su promesa, otros pagan sin
promesa). Nada de esto se usa en la operación real.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

# Probabilidad de cada nivel de resultado en una llamada.
PROBABILIDAD_NIVEL = {
    "sin_contacto": 0.45,
    "contacto_tercero": 0.15,
    "contacto_titular": 0.15,
    "negociacion": 0.07,
    "promesa": 0.16,
    "pago": 0.02,
}
PROBABILIDAD_CUMPLIR = 0.6
PROBABILIDAD_PAGO_ESPONTANEO = 0.01


def simular_tipificaciones(
    filas: pd.DataFrame, catalogo: pd.DataFrame, fecha: dt.date, semilla: int
) -> pd.DataFrame:
    """Una tipificación por fila de la lista que tiene asesor (llamadas y visitas)."""
    generador = np.random.default_rng(semilla)
    gestionadas = filas[filas["asesor"].notna()].reset_index(drop=True)
    if gestionadas.empty:
        return pd.DataFrame(columns=["cliente_id", "fecha_hora", "asesor", "canal", "codigo", "monto_promesa",
                                     "fecha_promesa", "comentario"])
    catalogo = catalogo[~catalogo["final"].astype(bool) | catalogo["nivel"].eq("contacto_titular")]
    niveles = [n for n in PROBABILIDAD_NIVEL if (catalogo["nivel"] == n).any()]
    pesos = np.array([PROBABILIDAD_NIVEL[n] for n in niveles])
    nivel = generador.choice(niveles, size=len(gestionadas), p=pesos / pesos.sum())
    codigos = np.empty(len(gestionadas), dtype=object)
    for nombre in niveles:
        del_nivel = nivel == nombre
        opciones = catalogo.loc[catalogo["nivel"] == nombre, "codigo"].to_numpy()
        codigos[del_nivel] = generador.choice(opciones, size=int(del_nivel.sum()))
    promete = nivel == "promesa"
    saldo = gestionadas["saldo_vencido"].fillna(0).clip(lower=0).to_numpy()
    monto = np.where(promete, np.round(saldo * generador.uniform(0.3, 1.0, len(saldo)), 0), np.nan)
    plazo = generador.integers(1, 8, len(gestionadas))
    fecha_promesa = pd.to_datetime(
        np.where(promete, [pd.Timestamp(fecha) + pd.Timedelta(days=int(d)) for d in plazo], pd.NaT)
    )
    minutos = generador.integers(8 * 60, 18 * 60, len(gestionadas))
    fecha_hora = pd.Timestamp(fecha) + pd.to_timedelta(minutos, unit="min")
    return pd.DataFrame(
        {
            "cliente_id": gestionadas["cliente_id"].to_numpy(),
            "fecha_hora": fecha_hora,
            "asesor": gestionadas["asesor"].to_numpy(),
            "canal": gestionadas["canal"].to_numpy(),
            "codigo": codigos,
            "monto_promesa": monto,
            "fecha_promesa": fecha_promesa,
            "comentario": None,
        }
    )


def simular_pagos(
    promesas: pd.DataFrame, deudores: pd.Series, fecha: dt.date, semilla: int
) -> pd.DataFrame:
    """Pagos del día: promesas que vencen hoy (la mayoría se cumple) y algún pago espontáneo.

    ``promesas`` trae ``cliente_id``, ``monto_promesa`` y ``fecha_promesa``;
    ``deudores`` son los ``cliente_id`` de la cartera con su saldo como valor.
    """
    generador = np.random.default_rng(semilla)
    hoy = pd.Timestamp(fecha)
    vencen = promesas[pd.to_datetime(promesas["fecha_promesa"]).dt.normalize().eq(hoy)]
    cumple = generador.random(len(vencen)) < PROBABILIDAD_CUMPLIR
    pagos_promesa = pd.DataFrame(
        {"cliente_id": vencen.loc[cumple, "cliente_id"].to_numpy(), "monto": vencen.loc[cumple, "monto_promesa"].to_numpy()}
    )
    espontaneos = deudores[generador.random(len(deudores)) < PROBABILIDAD_PAGO_ESPONTANEO]
    pagos_sueltos = pd.DataFrame(
        {
            "cliente_id": espontaneos.index.to_numpy(),
            "monto": np.round(espontaneos.clip(lower=0).to_numpy() * generador.uniform(0.2, 1.0, len(espontaneos)), 0),
        }
    )
    pagos = pd.concat([pagos_promesa, pagos_sueltos], ignore_index=True)
    pagos = pagos[pagos["monto"] > 0]
    pagos["fecha"] = hoy
    pagos["referencia"] = [f"SIM-{fecha:%Y%m%d}-{i:05d}" for i in range(len(pagos))]
    return pagos[["cliente_id", "fecha", "monto", "referencia"]].reset_index(drop=True)


def envejecer_cartera(cartera: pd.DataFrame, dias: int, pagados: set[str]) -> pd.DataFrame:
    """La cartera ``dias`` después, sin los deudores que ya pagaron (nadie más paga)."""
    nueva = cartera[~cartera["cliente_id"].isin(pagados)].copy()
    nueva["dias_mora"] = nueva["dias_mora"] + dias
    return nueva
