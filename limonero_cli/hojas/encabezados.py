"""Encabezados: normalización, sinónimos comunes y mapeo a los campos canónicos.

``normalizar_encabezado("Saldo\\nVencido ")`` → ``saldo_vencido``. Los sinónimos
cubren los encabezados de los sistemas reales (ERP, portales, marcadores); el
usuario completa el resto en la hoja ``columnas`` de ``estrategia.xlsx``, donde
``Serie + Número`` une dos columnas en una sola clave.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from limonero_cli.errores import ErrorDatos, Problema

_NO_ALFANUMERICO = re.compile(r"[^a-z0-9]+")
_SUFIJO_DUPLICADO = re.compile(r"\s*\(columna [A-Z]+\)$")
_UNION = re.compile(r"\s+\+\s+|\s*\+\s*")


def normalizar_encabezado(texto) -> str:
    """Minúsculas, sin tildes ni signos, ``_`` entre palabras.

    >>> normalizar_encabezado("  Días de\\nMora ")
    'dias_de_mora'
    >>> normalizar_encabezado("Cod. Cliente")
    'cod_cliente'
    """
    if texto is None:
        return ""
    texto = _SUFIJO_DUPLICADO.sub("", str(texto))
    texto = texto.replace("º", "o").replace("°", "o").replace("ª", "a").replace("ñ", "n").replace("Ñ", "N")
    texto = unicodedata.normalize("NFKD", texto)
    texto = "".join(c for c in texto if not unicodedata.combining(c)).lower()
    return _NO_ALFANUMERICO.sub("_", texto).strip("_")


def _n(*textos: str) -> tuple[str, ...]:
    return tuple(normalizar_encabezado(t) for t in textos)


# Campo canónico → encabezados (ya normalizados) que significan lo mismo.
SINONIMOS: dict[str, tuple[str, ...]] = {
    "cuenta": _n(
        "cuenta", "no cuenta", "nro cuenta", "num cuenta", "numero cuenta", "numero de cuenta", "n cuenta",
        "cuenta id", "id cuenta", "credito", "no credito", "numero credito", "numero de credito", "nro credito",
        "id credito", "prestamo", "no prestamo", "numero prestamo", "operacion", "no operacion",
        "numero operacion", "num operacion", "factura", "no factura", "numero factura", "nro factura",
        "id factura", "folio", "documento", "no documento", "num documento", "contrato", "no contrato",
        "obligacion", "no obligacion", "numero obligacion", "poliza", "no poliza", "vendor lead code", "account",
        "account id", "account number", "cuenta cliente",
    ),
    "cliente_id": _n(
        "cliente id", "id cliente", "cod cliente", "codigo cliente", "cod cte", "cve cte", "codigo de cliente",
        "cliente codigo", "num cliente", "no cliente", "numero cliente", "nro cliente", "identificacion",
        "cedula", "dni", "rut", "ruc", "curp", "rfc", "nit", "cuit", "cuil", "documento identidad",
        "numero documento", "nro documento", "doc identidad", "id deudor", "customer id", "documento cliente",
        "doc cliente", "documento del cliente", "documento deudor", "documento titular", "numero de identificacion",
        "no identificacion", "nro identificacion",
    ),
    "nombre": _n(
        "nombre", "nombre cliente", "nombrecliente", "nombre del cliente", "nom cte", "nom cliente",
        "cliente nombre", "nombre completo", "razon social", "asegurado", "deudor", "nombre deudor",
        "titular", "nombre titular", "full name", "name", "apellidos y nombres", "nombres y apellidos",
    ),
    "asesor": _n(
        "asesor", "nomvendedor", "vendedor", "nom vendedor", "nombre vendedor", "cve age", "agente",
        "gestor", "cobrador", "ejecutivo", "ejecutivo cobranza", "user", "usuario", "asesor asignado",
        "gestor asignado", "agent", "operador",
    ),
    "dias_mora": _n(
        "dias mora", "dias de mora", "dias en mora", "dias vencido", "dias vencidos", "dias_vencido",
        "dias car", "dias de atraso", "dias atraso", "atraso", "mora", "dias", "dpd", "days past due",
        "dias morosidad", "antiguedad", "dias de vencido", "dias vencimiento",
    ),
    "fecha_vencimiento": _n(
        "fecha vencimiento", "fecha de vencimiento", "fech venci", "fecha venc", "f vencimiento",
        "vencimiento", "fec venc", "fecha vto", "vto", "fecha limite pago", "due date",
    ),
    "saldo_vencido": _n(
        "saldo vencido", "importe", "total pendiente", "saldo fac", "saldo", "monto vencido", "deuda",
        "deuda vencida", "monto", "importe vencido", "valor vencido", "saldo en mora", "monto adeudado",
        "saldo pendiente", "pendiente", "valor", "balance", "amount due", "saldo deudor",
    ),
    "saldo_total": _n("saldo total", "deuda total", "total deuda", "saldo capital", "total fac", "capital"),
    "producto": _n("producto", "tipo producto", "tipo de producto", "ramo", "servicio", "linea"),
    "sucursal": _n("sucursal", "oficina", "agencia", "tienda"),
    "region": _n("region", "zona", "nom zon", "provincia", "departamento", "estado region"),
    "telefono": _n(
        "telefono", "telefono1", "telefono 1", "tel", "tels", "telefonos", "celular", "movil", "fono",
        "phone", "phone number", "numero telefono", "tel 1", "whatsapp",
    ),
    "telefono2": _n("telefono2", "telefono 2", "tel 2", "telefono alterno", "telefono alternativo", "alt phone", "celular 2"),
    "email": _n("email", "e mail", "correo", "correo electronico", "mail", "e_mail"),
    "score": _n("score", "puntaje", "probabilidad", "probabilidad pago", "calificacion"),
    "fecha_ultimo_pago": _n("fecha ultimo pago", "ultimo pago fecha", "fecha ult pago", "f ultimo pago"),
    "monto_ultimo_pago": _n("monto ultimo pago", "ultimo pago", "valor ultimo pago", "importe ultimo pago"),
    "no_contactar": _n("no contactar", "no llamar", "bloqueado", "excluir"),
    "pais": _n("pais", "country", "country code"),
    # Tipificaciones
    "fecha_hora": _n("fecha hora", "fecha y hora", "fecha gestion", "call date", "fecha llamada", "fecha lista", "fecha"),
    "canal": _n("canal", "medio", "tipo gestion", "tipo de gestion", "channel"),
    "codigo": _n("codigo", "tipificacion", "resultado", "status", "estatus", "disposicion", "cod gestion", "codigo gestion", "cod vicidial"),
    "monto_promesa": _n("monto promesa", "valor promesa", "importe promesa", "monto compromiso", "promesa monto"),
    "fecha_promesa": _n("fecha promesa", "fecha compromiso", "fecha de pago prometida", "promesa fecha"),
    "comentario": _n("comentario", "comentarios", "observacion", "observaciones", "comments", "nota", "notas"),
    # Pagos
    "fecha": _n("fecha", "fecha pago", "fecha de pago", "fecha abono", "fecha aplicacion"),
    "monto": _n("monto", "monto pago", "importe pago", "valor pago", "abono", "pago", "importe", "valor"),
    "referencia": _n("referencia", "no referencia", "recibo", "no recibo", "comprobante", "transaccion", "id pago"),
}

# Sinónimos débiles: solo se usan si ninguna columna es un sinónimo fuerte del campo, y nunca
# cuentan como duplicados (p. ej. «Saldo» junto a «Saldo Vencido»).
DEBILES: dict[str, tuple[str, ...]] = {
    "saldo_vencido": _n("saldo", "monto", "valor", "balance", "deuda", "pendiente", "saldo pendiente"),
    "dias_mora": _n("dias", "mora", "atraso", "antiguedad"),
    "nombre": _n("cliente", "nombre y apellido"),
    "cuenta": _n("documento", "folio", "referencia"),
    "fecha_hora": _n("fecha",),
    "monto": _n("importe", "valor", "pago"),
    "codigo": _n("estado",),
}
for _campo, _debiles in DEBILES.items():
    SINONIMOS[_campo] = tuple(n for n in SINONIMOS.get(_campo, ()) if n not in _debiles)

# Encabezados que forman una clave de cuenta compuesta (Serie + Número) cuando no hay columna de cuenta.
SERIES = _n("serie", "prefijo", "cve factu", "cve fac", "serie factura", "serie documento", "tipo documento", "tipo doc", "sucursal documento")
NUMEROS = _n("numero", "folio", "no", "num", "nro", "no fac", "num fac", "numero factura", "numero documento", "no documento", "consecutivo")


@lru_cache(maxsize=1)
def nombres_conocidos() -> frozenset[str]:
    """Todos los encabezados normalizados que algún campo reconoce."""
    fuertes = {n for nombres in SINONIMOS.values() for n in nombres}
    debiles = {n for nombres in DEBILES.values() for n in nombres}
    return frozenset(fuertes | debiles | set(SINONIMOS) | set(SERIES + NUMEROS))


@dataclass
class Mapeo:
    """Resultado de mapear encabezados a campos.

    ``columnas``: campo → encabezado original. ``compuestos``: campo → encabezados que se unen con ``-``.
    ``extras``: encabezado original → nombre normalizado (columnas no canónicas que se conservan).
    """

    columnas: dict[str, str] = field(default_factory=dict)
    compuestos: dict[str, tuple[str, ...]] = field(default_factory=dict)
    extras: dict[str, str] = field(default_factory=dict)
    avisos: list[Problema] = field(default_factory=list)

    def encabezados_de(self, campo: str) -> tuple[str, ...]:
        if campo in self.compuestos:
            return self.compuestos[campo]
        if campo in self.columnas:
            return (self.columnas[campo],)
        return ()

    def tiene(self, campo: str) -> bool:
        return campo in self.columnas or campo in self.compuestos


def _partes_usuario(valor: str) -> list[str]:
    return [parte.strip() for parte in _UNION.split(str(valor)) if parte.strip()]


def _buscar_encabezado(encabezados: list[str], pedido: str) -> str | None:
    for encabezado in encabezados:
        if encabezado == pedido:
            return encabezado
    normal = normalizar_encabezado(pedido)
    for encabezado in encabezados:
        if normalizar_encabezado(encabezado) == normal:
            return encabezado
    return None


def _clave_compuesta(encabezados: list[str], usados: set[str]) -> tuple[str, str] | None:
    serie = next((e for e in encabezados if e not in usados and normalizar_encabezado(e) in SERIES), None)
    numero = next((e for e in encabezados if e not in usados and normalizar_encabezado(e) in NUMEROS), None)
    if serie and numero:
        return serie, numero
    return None


def mapear_columnas(
    encabezados: list[str],
    campos: list[str] | tuple[str, ...],
    mapeo_usuario: dict[str, str] | None = None,
    obligatorios: tuple[str, ...] | list[str] = (),
    archivo: str | None = None,
    hoja: str | None = None,
    clave_compuesta: bool = True,
) -> Mapeo:
    """Asigna a cada campo de ``campos`` su encabezado: primero el mapeo del usuario, luego los sinónimos.

    Un campo obligatorio que aparece en dos columnas es un error que nombra ambas.
    Con ``clave_compuesta``, si no hay columna ``cuenta`` pero hay «Serie» y «Número», la cuenta es su unión.
    """
    encabezados = [str(e) for e in encabezados]
    mapeo = Mapeo()
    usados: set[str] = set()
    for campo, valor in (mapeo_usuario or {}).items():
        if valor is None or not str(valor).strip() or campo not in campos:
            continue
        partes = _partes_usuario(valor)
        encontrados = [_buscar_encabezado(encabezados, parte) for parte in partes]
        faltan = [parte for parte, hallado in zip(partes, encontrados) if hallado is None]
        if faltan:
            mapeo.avisos.append(
                Problema(
                    f"la hoja «columnas» dice que «{campo}» está en «{valor}», pero el archivo no tiene la columna "
                    f"«{faltan[0]}»; se buscan sus nombres comunes",
                    archivo=archivo,
                    hoja=hoja,
                    gravedad="aviso",
                )
            )
            continue
        if len(encontrados) > 1:
            mapeo.compuestos[campo] = tuple(encontrados)
        else:
            mapeo.columnas[campo] = encontrados[0]
        usados.update(encontrados)

    asignados: set[str] = set()
    for nivel, tabla in (("fuerte", SINONIMOS), ("debil", DEBILES)):
        candidatos: dict[str, list[str]] = {}
        for encabezado in encabezados:
            if encabezado in usados or encabezado in asignados:
                continue
            normal = normalizar_encabezado(encabezado)
            for campo in campos:
                if mapeo.tiene(campo):
                    continue
                if (nivel == "fuerte" and normal == campo) or normal in tabla.get(campo, ()):
                    candidatos.setdefault(campo, []).append(encabezado)
                    break
        for campo in campos:
            lista = candidatos.get(campo, [])
            if not lista or mapeo.tiene(campo):
                continue
            lista.sort(key=lambda e: (normalizar_encabezado(e) != campo, _prioridad(campo, e)))
            primero = lista[0]
            if len(lista) > 1 and campo in obligatorios and nivel == "fuerte":
                raise ErrorDatos(
                    f"{_lugar(archivo, hoja)}: el campo obligatorio «{campo}» aparece en dos columnas, «{primero}» y "
                    f"«{lista[1]}», y limonero no sabe cuál usar.",
                    "Borre o renombre una de las dos, o indique cuál usar en la hoja «columnas» de estrategia.xlsx.",
                )
            mapeo.columnas[campo] = primero
            asignados.add(primero)
            for otro in lista[1:]:
                if campo == "telefono" and "telefono2" in campos and not mapeo.tiene("telefono2"):
                    mapeo.columnas["telefono2"] = otro
                    asignados.add(otro)
                    continue
                mapeo.avisos.append(
                    Problema(
                        f"«{otro}» también parece ser «{campo}»; se usa «{primero}» y «{otro}» se conserva como "
                        "columna adicional",
                        archivo=archivo,
                        hoja=hoja,
                        columna=otro,
                        gravedad="aviso",
                    )
                )
    usados |= asignados
    if clave_compuesta and "cuenta" in campos and not mapeo.tiene("cuenta"):
        par = _clave_compuesta(encabezados, usados)
        if par:
            mapeo.compuestos["cuenta"] = par
            usados.update(par)
            mapeo.avisos.append(
                Problema(
                    f"no hay columna de cuenta: la cuenta es «{par[0]} + {par[1]}» (sus valores unidos con «-»)",
                    archivo=archivo,
                    hoja=hoja,
                    gravedad="aviso",
                )
            )
    tomados = set(mapeo.columnas.values()) | {e for partes in mapeo.compuestos.values() for e in partes}
    nombres_canonicos = set(mapeo.columnas) | set(mapeo.compuestos)
    for encabezado in encabezados:
        if encabezado in tomados:
            continue
        normal = normalizar_encabezado(encabezado) or "columna"
        base, k = normal, 2
        while normal in nombres_canonicos or normal in mapeo.extras.values():
            normal = f"{base}_{k}"
            k += 1
        mapeo.extras[encabezado] = normal
    return mapeo


# Entre sinónimos del mismo campo, los más específicos primero.
_PREFERIDOS = {
    "saldo_vencido": _n("saldo vencido", "importe vencido", "monto vencido", "deuda vencida", "total pendiente", "importe", "saldo fac"),
    "cliente_id": _n("cliente id", "id cliente", "cod cliente", "codigo cliente", "cod cte", "cve cte"),
    "nombre": _n("nombre", "nombre cliente", "nombrecliente"),
}


def _prioridad(campo: str, encabezado: str) -> int:
    preferidos = _PREFERIDOS.get(campo, ())
    normal = normalizar_encabezado(encabezado)
    return preferidos.index(normal) if normal in preferidos else len(preferidos)


CAMPOS_PROPUESTA = (
    "cuenta", "cliente_id", "nombre", "asesor", "dias_mora", "fecha_vencimiento", "saldo_vencido", "saldo_total",
    "producto", "sucursal", "region", "telefono", "telefono2", "email", "score", "fecha_ultimo_pago",
    "monto_ultimo_pago", "no_contactar", "pais",
)


def proponer_columnas(encabezados: list[str], campos: tuple[str, ...] = CAMPOS_PROPUESTA) -> tuple[dict[str, str], list[str]]:
    """Propone campo → encabezado (``A + B`` para claves compuestas) para la hoja ``columnas``.

    Devuelve también los encabezados que no se reconocieron.
    """
    mapeo = mapear_columnas(list(encabezados), campos)
    propuesta = dict(mapeo.columnas)
    for campo, partes in mapeo.compuestos.items():
        propuesta[campo] = " + ".join(partes)
    orden = {campo: i for i, campo in enumerate(campos)}
    propuesta = dict(sorted(propuesta.items(), key=lambda par: orden.get(par[0], 99)))
    return propuesta, list(mapeo.extras)


def _lugar(archivo: str | None, hoja: str | None) -> str:
    if archivo and hoja:
        return f"{archivo}, hoja «{hoja}»"
    return archivo or "el archivo"
