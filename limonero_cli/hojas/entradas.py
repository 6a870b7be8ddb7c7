"""Lectura de las entradas del día: cartera, tipificaciones y pagos, con columnas canónicas tipadas.

Cada fila leída termina cargada (``datos``), rechazada con su motivo
(``rechazos``) o, en las listas de limonero, contada como deudor sin gestión:
``leidas == len(datos) + len(rechazos) + sin_gestion``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorDatos, Problema
from limonero_cli.estrategia.modelo import CAMPOS_CARTERA, CAMPOS_PAGOS, CAMPOS_TIPIFICACIONES
from limonero_cli.hojas import valores
from limonero_cli.hojas.encabezados import Mapeo, mapear_columnas, normalizar_encabezado
from limonero_cli.hojas.leer import leer_tabla, leer_tablas
from limonero_cli.hojas.tabla import TablaLeida, parece_fila_de_datos

COLUMNAS_CAPTURA = ("tipificacion", "monto_promesa", "fecha_promesa", "comentario")

# Tipo de cada campo canónico.
TEXTOS = {"nombre", "producto", "sucursal", "region", "asesor", "email", "pais", "canal", "comentario", "referencia", "codigo"}
IDS = {"cuenta", "cliente_id"}
MONTOS = {"saldo_vencido", "saldo_total", "score", "monto_ultimo_pago", "monto_promesa", "monto"}
FECHAS = {"fecha_vencimiento", "fecha_ultimo_pago", "fecha_promesa", "fecha"}
FECHAS_HORA = {"fecha_hora"}
ENTEROS = {"dias_mora"}
BOOLEANOS = {"no_contactar"}
TELEFONOS = {"telefono", "telefono2"}
# Días de mora más allá de 100 años no son un dato sino un error de captura o de exportación.
DIAS_MORA_MAXIMOS = 36_500
# Cuántas cuentas repetidas se nombran en los avisos (el resto solo se cuenta).
EJEMPLOS_REPETIDAS = 5


@dataclass
class Entrada:
    """Una entrada leída: filas canónicas, rechazos con motivo, avisos y conteos."""

    datos: pd.DataFrame
    rechazos: pd.DataFrame
    avisos: list[Problema] = field(default_factory=list)
    leidas: int = 0
    sin_gestion: int = 0
    fecha_corte: dt.date | None = None
    origen: str = ""
    hoja: str | None = None
    problemas_rechazos: list[Problema] = field(default_factory=list)
    """Un ``Problema`` por cada celda que hizo rechazar una fila (con hoja, fila y columna)."""


def _problema(tabla: TablaLeida, indice, columna: str | None, mensaje: str, gravedad: str) -> Problema:
    fila = tabla.filas[indice] if indice is not None and 0 <= int(indice) < len(tabla.filas) else None
    return Problema(mensaje=mensaje, archivo=tabla.archivo, hoja=tabla.hoja, fila=fila, columna=columna, gravedad=gravedad)


def _faltan_columnas(tabla: TablaLeida, faltan: list[str], tipo: str, alternativas: dict[str, str] | None = None
                     ) -> ErrorDatos:
    """El error de columnas obligatorias que faltan. ``alternativas``: campo → otro campo que lo reemplaza
    (``dias_mora`` → ``fecha_vencimiento``), para decir «dias_mora» (o «fecha_vencimiento»)."""
    alternativas = alternativas or {}
    vistos = ", ".join(f"«{e}»" for e in tabla.datos.columns) or "(ninguno)"
    lugar = f"{tabla.archivo}, hoja «{tabla.hoja}»" if tabla.hoja else str(tabla.archivo)
    nombrados = _lista_de_filas(
        [f"«{c}»" + (f" (o «{alternativas[c]}»)" if c in alternativas else "") for c in faltan])
    campos = ("falta la columna " if len(faltan) == 1 else "faltan las columnas ") + nombrados
    if tabla.encabezado_crudo and parece_fila_de_datos(tabla.encabezado_crudo):
        fila = tabla.fila_encabezado or 1
        muestra = ", ".join(f"«{valores.mostrar_valor(v)}»" for v in tabla.encabezado_crudo if v is not None and str(v).strip())
        return ErrorDatos(
            f"{lugar}: como {tipo} le {campos}; parece que el archivo no tiene fila de "
            f"encabezados: la fila {fila} ({muestra}) son datos, no nombres de columna.",
            _pista_sin_encabezados(faltan, tipo, nombrados),
        )
    return ErrorDatos(
        f"{lugar}: como {tipo} le {campos}; los encabezados que se ven son: {vistos}.",
        "Indique en qué columna está en la hoja «columnas» de estrategia.xlsx (campo → encabezado de su archivo).",
    )


def _pista_sin_encabezados(faltan: list[str], tipo: str, nombrados: str) -> str:
    """Cómo dar nombres a las columnas de un archivo sin encabezados. Solo las carteras tienen
    --sin-encabezado (en lista, segmentar y validar); pagos y tipificaciones necesitan la fila de nombres."""
    ejemplo = ",".join(faltan)
    if tipo == "cartera":
        como = (f"Dé los nombres de todas sus columnas, en orden, con --sin-encabezado (lo aceptan lista, segmentar "
                f"y validar; por ejemplo --sin-encabezado \"{ejemplo},nombre\" si esas fueran sus columnas), o "
                "inserte en Excel una fila arriba con esos nombres")
    else:
        como = f"Inserte en Excel una fila arriba con los nombres de sus columnas, en orden (por ejemplo {ejemplo})"
    return (f"{como}; la hoja «columnas» de estrategia.xlsx no sirve aquí porque solo traduce encabezados que el "
            f"archivo ya tiene. Como {tipo}, el archivo tiene que traer {nombrados}: si no los trae, no sirve "
            f"como {tipo}.")


# Errores de celda por fila: índice → [(campo, encabezado, mensaje)].
ErroresCelda = dict[int, list[tuple[str, str, str]]]


def _convertir(
    tabla: TablaLeida, mapeo: Mapeo, dia_primero: bool
) -> tuple[pd.DataFrame, ErroresCelda, list[Problema]]:
    """Columnas canónicas tipadas; devuelve también los errores de celda por fila y los avisos.

    Los errores de celda no van a los avisos: ``_separar`` decide si rechazan la fila
    (y van al motivo) o si la fila se carga con la celda vacía (y quedan como problema).
    """
    datos = tabla.datos
    salida: dict[str, pd.Series] = {}
    errores: ErroresCelda = {}
    avisos: list[Problema] = []

    def anotar(campo: str, encabezado: str, notas: list[valores.NotaValor]):
        for nota in notas:
            if nota.gravedad == "error":
                errores.setdefault(int(nota.indice), []).append((campo, encabezado, nota.mensaje))
            else:
                avisos.append(_problema(tabla, nota.indice, encabezado, nota.mensaje, "aviso"))

    for campo in list(mapeo.columnas) + list(mapeo.compuestos):
        encabezados = mapeo.encabezados_de(campo)
        nombre = " + ".join(encabezados)
        if len(encabezados) > 1:
            partes = [valores.a_texto_id(datos[e])[0] for e in encabezados]
            unida = partes[0].astype(object)
            for parte in partes[1:]:
                ambos = unida.notna() & parte.notna()
                unida = unida.where(~ambos, unida.astype(str) + "-" + parte.astype(str))
                unida = unida.where(unida.notna(), parte)
            salida[campo] = unida
            continue
        crudo = datos[encabezados[0]]
        if campo in IDS or campo in TEXTOS:
            serie, notas = valores.a_texto_id(crudo)
            if campo in TEXTOS:
                notas = [n for n in notas if n.gravedad == "aviso"]
            anotar(campo, nombre, notas)
            if campo == "codigo":
                serie = serie.str.strip().str.upper().where(serie.notna(), None)
                serie = serie.astype(object).where(serie.notna(), None)
            # a_texto_id ya da textos y None (nunca NaN): no hace falta volver a cambiar vacíos por None
            salida[campo] = serie
        elif campo in MONTOS:
            serie, notas = valores.a_monto(crudo)
            anotar(campo, nombre, notas)
            salida[campo] = serie
        elif campo in FECHAS or campo in FECHAS_HORA:
            serie, notas = valores.a_fecha(crudo, dia_primero=dia_primero, fecha1904=tabla.fecha1904)
            anotar(campo, nombre, notas)
            salida[campo] = serie.dt.normalize() if campo in FECHAS else serie
        elif campo in ENTEROS:
            serie, notas = valores.a_entero(crudo, "un número de días", DIAS_MORA_MAXIMOS)
            anotar(campo, nombre, notas)
            salida[campo] = serie
        elif campo in BOOLEANOS:
            serie, notas = valores.a_booleano(crudo)
            anotar(campo, nombre, [n for n in notas])
            salida[campo] = serie.fillna(False).astype(bool)
        elif campo in TELEFONOS:
            principal, extras, notas = valores.a_telefonos(crudo)
            # Un teléfono ilegible no impide cargar la fila: queda vacío, con aviso.
            for nota in notas:
                avisos.append(_problema(tabla, nota.indice, nombre, nota.mensaje, "aviso"))
            salida[campo] = principal
            if campo == "telefono" and extras.notna().any():
                salida["_telefonos_extra"] = extras
        else:
            salida[campo] = crudo
    if "_telefonos_extra" in salida:
        extras = salida.pop("_telefonos_extra")
        primero = extras.map(lambda lista: lista[0] if isinstance(lista, list) and lista else None)
        if "telefono2" in salida:
            salida["telefono2"] = salida["telefono2"].where(salida["telefono2"].notna(), primero)
        else:
            salida["telefono2"] = primero
    for encabezado, normal in mapeo.extras.items():
        crudo = datos[encabezado]
        if crudo.map(type).eq(str).any():
            crudo = pd.Series([v.strip() or None if isinstance(v, str) else v for v in crudo.to_numpy(dtype=object)], index=crudo.index, dtype=object)
        salida[normal] = crudo.astype(object).where(crudo.notna(), None)
    marco = pd.DataFrame(salida, index=datos.index)
    return marco, errores, avisos


def _separar(
    tabla: TablaLeida,
    marco: pd.DataFrame,
    errores: ErroresCelda,
    obligatorios: list[tuple[str, ...]],
    mapeo: Mapeo | None = None,
    rechazan: tuple[str, ...] = (),
    derivados: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problema], list[Problema]]:
    """Separa filas buenas de rechazadas.

    Rechaza una fila un error de celda en un campo obligatorio o en ``rechazan`` (su mensaje,
    con la columna, va al motivo: «falta» solo se dice si la celda estaba vacía de verdad) o un
    obligatorio vacío. ``derivados`` (campo → campo del que se calcula, como ``dias_mora`` →
    ``fecha_vencimiento``): un error en el origen explica el vacío del derivado. ``rechazos`` conserva los valores originales de la hoja. Devuelve
    (datos, rechazos, problemas de las filas rechazadas, problemas de celdas de filas cargadas);
    cada celda mala da un solo problema.
    """
    derivados = derivados or {}
    campos_que_rechazan = {c for grupo in obligatorios for c in grupo} | set(rechazan) | set(derivados.values())
    motivos: dict[int, list[str]] = {}
    problemas_rechazo: list[Problema] = []
    problemas_carga: list[Problema] = []
    for indice, lista in errores.items():
        for campo, encabezado, mensaje in lista:
            if campo in campos_que_rechazan:
                motivos.setdefault(indice, []).append(f"{mensaje} (columna {encabezado})")
                problemas_rechazo.append(_problema(tabla, indice, encabezado, mensaje, "error"))
            else:
                problemas_carga.append(_problema(tabla, indice, encabezado, mensaje, "error"))
    con_error = set(motivos)
    for grupo in obligatorios:
        presentes = [c for c in grupo if c in marco.columns]
        if not presentes:
            continue
        falta = ~marco[presentes].notna().any(axis=1).to_numpy()
        if not falta.any():
            continue
        # Un campo vacío porque su valor no se pudo leer ya tiene su motivo.
        causas = set(grupo) | {derivados[c] for c in grupo if c in derivados}
        errados = {i for i in con_error if any(c in causas for c, _, _ in errores.get(i, ()))}
        texto = " o ".join(f"«{c}»" for c in grupo)
        columna = None
        if mapeo is not None:
            columna = next((" + ".join(mapeo.encabezados_de(c)) for c in grupo if mapeo.tiene(c)), None)
        for indice in marco.index[falta]:
            if indice in errados:
                continue
            motivos.setdefault(int(indice), []).append(f"falta {texto}")
            problemas_rechazo.append(_problema(tabla, indice, columna, f"falta {texto}", "error"))
    malas = np.zeros(len(marco), dtype=bool)
    if motivos:
        malas[list(motivos)] = True
    problemas_rechazo.sort(key=lambda p: (p.fila or 0))
    problemas_carga.sort(key=lambda p: (p.fila or 0))
    filas = np.asarray(tabla.filas, dtype="int64")
    # Sin filas malas, una copia superficial basta (copy-on-write: ``insert`` no toca ``marco``).
    datos = marco.loc[~malas].copy() if malas.any() else marco.copy(deep=False)
    datos.insert(0, "_fila", filas[~malas])
    rechazos = tabla.datos.loc[malas].copy()
    rechazos.columns = [f"{c} (original)" if c in ("_fila", "motivo", "_hoja") else c for c in rechazos.columns]
    rechazos.insert(0, "motivo", ["; ".join(motivos[i]) for i in np.flatnonzero(malas)])
    rechazos.insert(0, "_fila", filas[malas])
    return datos.reset_index(drop=True), rechazos.reset_index(drop=True), problemas_rechazo, problemas_carga


def _sin_filas(tabla: TablaLeida, tipo: str) -> ErrorDatos:
    lugar = f"{tabla.archivo}, hoja «{tabla.hoja}»" if tabla.hoja else str(tabla.archivo)
    return ErrorDatos(
        f"{lugar}: la {tipo} no tiene filas de datos (solo encabezados).",
        "Revise que exportó el archivo completo o que eligió la hoja correcta (--hoja NOMBRE).",
    )


def _lista_de_filas(filas: list) -> str:
    """``[2]`` → ``2``; ``[2, 3]`` → ``2 y 3``; ``[2, 3, 9]`` → ``2, 3 y 9``."""
    textos = [str(f) for f in filas]
    return textos[0] if len(textos) == 1 else ", ".join(textos[:-1]) + " y " + textos[-1]


def avisos_cuentas_repetidas(datos: pd.DataFrame, tabla: TablaLeida, ejemplos: int = EJEMPLOS_REPETIDAS) -> list[Problema]:
    """Un aviso por cuenta repetida (las primeras ``ejemplos``) y uno con el total si hay más.

    Las filas se conservan: limonero las trata como cuentas de un mismo deudor.
    """
    if "cuenta" not in datos.columns or len(datos) < 2:
        return []
    repetidas = datos["cuenta"].notna() & datos["cuenta"].duplicated(keep=False)
    if not repetidas.any():
        return []
    grupos = datos.loc[repetidas, ["cuenta", "_fila"]].groupby("cuenta", sort=False)["_fila"]
    avisos = []
    for cuenta, filas in list(grupos)[:ejemplos]:
        numeros = sorted(int(f) for f in filas)
        avisos.append(
            Problema(
                f"la cuenta {cuenta} aparece en las filas {_lista_de_filas(numeros)}; se suman como un mismo deudor",
                archivo=tabla.archivo, hoja=tabla.hoja, fila=numeros[0], gravedad="aviso",
            )
        )
    total = grupos.ngroups
    if total > ejemplos:
        filas_total = int(repetidas.sum())
        avisos.append(
            Problema(
                f"en total {total:,} cuentas aparecen más de una vez ({filas_total:,} filas); se muestran las primeras "
                f"{ejemplos}. Si no es lo esperado, revise que el archivo no tenga filas copiadas dos veces".replace(",", "."),
                archivo=tabla.archivo, hoja=tabla.hoja, gravedad="aviso",
            )
        )
    return avisos


def leer_cartera(
    ruta: Path | str,
    columnas: dict[str, str] | None = None,
    dia_primero: bool = True,
    hoja: str | None = None,
    fecha_corte: dt.date | None = None,
    encabezados: list[str] | None = None,
    corte_por_defecto: dt.date | None = None,
) -> Entrada:
    """Lee una cartera: una fila por cuenta, columnas canónicas tipadas, rechazos con motivo.

    ``cliente_id`` por defecto es ``cuenta``; ``dias_mora`` se calcula desde
    ``fecha_vencimiento`` y la fecha de corte (la dada, la de la hoja, ``corte_por_defecto``
    —la fecha de la lista— o hoy) si no viene.
    Una cartera sin filas de datos es un ``ErrorDatos``; una cuenta repetida se conserva con aviso.
    """
    tabla = leer_tabla(ruta, hoja=hoja, encabezados=encabezados)
    mapeo = mapear_columnas(
        list(tabla.datos.columns), CAMPOS_CARTERA, columnas, obligatorios=("cuenta", "saldo_vencido", "dias_mora"),
        archivo=tabla.archivo, hoja=tabla.hoja,
    )
    faltan = [c for c in ("cuenta", "saldo_vencido") if not mapeo.tiene(c)]
    if not mapeo.tiene("dias_mora") and not mapeo.tiene("fecha_vencimiento"):
        faltan.append("dias_mora")
    if faltan:
        raise _faltan_columnas(tabla, faltan, "cartera", alternativas={"dias_mora": "fecha_vencimiento"})
    if not len(tabla.datos):
        raise _sin_filas(tabla, "cartera")
    marco, errores, avisos = _convertir(tabla, mapeo, dia_primero)
    corte = fecha_corte or tabla.fecha_corte or corte_por_defecto
    derivados = {}
    if "dias_mora" not in marco.columns:
        if corte is None:
            corte = dt.date.today()
            avisos.append(
                Problema(
                    f"no hay «dias_mora» ni fecha de corte: los días de mora se cuentan desde «fecha_vencimiento» hasta hoy ({corte:%Y-%m-%d})",
                    archivo=tabla.archivo, hoja=tabla.hoja, gravedad="aviso",
                )
            )
        dias = (pd.Timestamp(corte) - marco["fecha_vencimiento"]).dt.days
        marco["dias_mora"] = dias.astype("Int64")
        derivados = {"dias_mora": "fecha_vencimiento"}
    if "cliente_id" not in marco.columns:
        marco["cliente_id"] = marco["cuenta"]
    else:
        marco["cliente_id"] = marco["cliente_id"].where(marco["cliente_id"].notna(), marco["cuenta"])
    datos, rechazos, problemas_rechazo, problemas_carga = _separar(
        tabla, marco, errores, [("cuenta",), ("saldo_vencido",), ("dias_mora",)], mapeo, derivados=derivados
    )
    avisos += problemas_carga + avisos_cuentas_repetidas(datos, tabla)
    return Entrada(
        datos=datos, rechazos=rechazos, avisos=tabla.avisos + mapeo.avisos + avisos, leidas=len(tabla.datos),
        sin_gestion=0, fecha_corte=corte, origen=str(ruta), hoja=tabla.hoja, problemas_rechazos=problemas_rechazo,
    )


def _es_hoja_de_lista(tabla: TablaLeida) -> bool:
    return "tipificacion" in {normalizar_encabezado(e) for e in tabla.datos.columns}


def leer_tipificaciones(ruta: Path | str, columnas: dict[str, str] | None = None, dia_primero: bool = True) -> Entrada:
    """Lee tipificaciones: de un libro de listas de limonero (todas las hojas de asesor) o de un marcador.

    En las hojas de lista, las filas con las columnas de captura vacías son deudores
    no gestionados ese día: cuentan en ``sin_gestion``, ni se cargan ni se rechazan.
    Un ``monto_promesa`` o una ``fecha_promesa`` escritos pero ilegibles rechazan la fila
    (con el valor original y el motivo): cargarla sin ellos perdería la promesa.
    """
    tablas = list(leer_tablas(ruta).values())
    de_lista = [t for t in tablas if _es_hoja_de_lista(t)]
    if de_lista:
        tablas = de_lista
    elif tablas:
        tablas = tablas[:1]
    else:
        tablas = [leer_tabla(ruta)]
    partes, rechazos, avisos, problemas_rechazos = [], [], [], []
    leidas = sin_gestion = 0
    for tabla in tablas:
        mapeo = mapear_columnas(
            list(tabla.datos.columns), CAMPOS_TIPIFICACIONES, columnas, obligatorios=("codigo", "fecha_hora"),
            archivo=tabla.archivo, hoja=tabla.hoja,
        )
        faltan = [c for c in ("codigo", "fecha_hora") if not mapeo.tiene(c)]
        if not (mapeo.tiene("cuenta") or mapeo.tiene("cliente_id")):
            faltan.insert(0, "cuenta")
        if faltan:
            raise _faltan_columnas(tabla, faltan, "tipificaciones", alternativas={"cuenta": "cliente_id"})
        leidas += len(tabla.datos)
        if _es_hoja_de_lista(tabla):
            captura = [e for e in tabla.datos.columns if normalizar_encabezado(e) in COLUMNAS_CAPTURA]
            vacias = ~tabla.datos[captura].notna().any(axis=1).to_numpy()
            sin_gestion += int(vacias.sum())
            if vacias.any():
                filas = [f for f, v in zip(tabla.filas, vacias) if not v]
                tabla = TablaLeida(
                    datos=tabla.datos.loc[~vacias].reset_index(drop=True), filas=filas, hoja=tabla.hoja,
                    fecha_corte=tabla.fecha_corte, avisos=tabla.avisos, archivo=tabla.archivo, formato=tabla.formato,
                    fecha1904=tabla.fecha1904, fila_encabezado=tabla.fila_encabezado, columnas_hoja=tabla.columnas_hoja,
                )
        marco, errores, avisos_tabla = _convertir(tabla, mapeo, dia_primero)
        datos, rechazados, de_rechazo, de_carga = _separar(
            tabla, marco, errores, [("cuenta", "cliente_id"), ("codigo",), ("fecha_hora",)], mapeo,
            rechazan=("monto_promesa", "fecha_promesa"),
        )
        if tabla.hoja:
            datos.insert(1, "_hoja", tabla.hoja)
            rechazados.insert(1, "_hoja", tabla.hoja)
        partes.append(datos)
        rechazos.append(rechazados)
        avisos += tabla.avisos + mapeo.avisos + avisos_tabla + de_carga
        problemas_rechazos += de_rechazo
    datos = pd.concat(partes, ignore_index=True) if partes else pd.DataFrame()
    rechazos_df = pd.concat(rechazos, ignore_index=True) if rechazos else pd.DataFrame(columns=["_fila", "motivo"])
    hojas = {t.hoja for t in tablas}
    return Entrada(
        datos=datos, rechazos=rechazos_df, avisos=avisos, leidas=leidas, sin_gestion=sin_gestion, origen=str(ruta),
        hoja=hojas.pop() if len(hojas) == 1 else None, problemas_rechazos=problemas_rechazos,
    )


def leer_pagos(ruta: Path | str, columnas: dict[str, str] | None = None, dia_primero: bool = True) -> Entrada:
    """Lee pagos: ``cuenta`` o ``cliente_id``, ``fecha``, ``monto`` y ``referencia`` opcional.

    Un monto de cero o negativo no es un pago: la fila se rechaza con su motivo.
    """
    tabla = leer_tabla(ruta)
    mapeo = mapear_columnas(
        list(tabla.datos.columns), CAMPOS_PAGOS, columnas, obligatorios=("monto", "fecha"),
        archivo=tabla.archivo, hoja=tabla.hoja, clave_compuesta=True,
    )
    faltan = [c for c in ("monto", "fecha") if not mapeo.tiene(c)]
    if not (mapeo.tiene("cuenta") or mapeo.tiene("cliente_id")):
        faltan.insert(0, "cuenta")
    if faltan:
        raise _faltan_columnas(tabla, faltan, "pagos", alternativas={"cuenta": "cliente_id"})
    marco, errores, avisos = _convertir(tabla, mapeo, dia_primero)
    no_positivos = (marco["monto"] <= 0).to_numpy()
    if no_positivos.any():
        encabezado = " + ".join(mapeo.encabezados_de("monto"))
        crudos = tabla.datos[mapeo.encabezados_de("monto")[0]]
        for indice in marco.index[no_positivos]:
            mensaje = f"«{valores.mostrar_valor(crudos[indice])}» no sirve: un pago debe ser mayor que cero"
            errores.setdefault(int(indice), []).append(("monto", encabezado, mensaje))
        marco.loc[no_positivos, "monto"] = np.nan
    datos, rechazos, problemas_rechazo, problemas_carga = _separar(
        tabla, marco, errores, [("cuenta", "cliente_id"), ("fecha",), ("monto",)], mapeo
    )
    return Entrada(
        datos=datos, rechazos=rechazos, avisos=tabla.avisos + mapeo.avisos + avisos + problemas_carga,
        leidas=len(tabla.datos), origen=str(ruta), hoja=tabla.hoja, problemas_rechazos=problemas_rechazo,
    )
