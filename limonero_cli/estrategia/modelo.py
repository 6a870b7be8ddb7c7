"""Modelo del libro de estrategia: dataclasses congeladas, sin lectura de archivos.

Cada hoja del libro ``estrategia.xlsx`` se convierte en una tupla de registros
de este módulo (ver ``cargar.py``). El resto de limonero solo consulta estos
objetos; nunca vuelve a mirar las hojas.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from limonero_cli.errores import Problema

NIVELES = ("sin_contacto", "contacto_tercero", "contacto_titular", "negociacion", "promesa", "pago")
"""Niveles del embudo, de menor a mayor."""

ORDEN_NIVEL = {nivel: posicion for posicion, nivel in enumerate(NIVELES)}
"""Posición de cada nivel en el embudo (``sin_contacto`` = 0 ... ``pago`` = 5)."""

SITUACIONES = ("primer_contacto", "seguimiento", "promesa_incumplida", "recordatorio", "verificacion", "objecion")
"""Situaciones del modelo argumental."""

ACCIONES_RUTA = (
    "reintentar",
    "volver_a_llamar",
    "seguimiento",
    "ofrecer_producto",
    "recordatorio",
    "cambiar_canal",
    "escalar",
    "localizar",
    "excluir",
)
"""Acciones posibles después de una tipificación."""

TIPOS_CANAL = ("asesor", "masivo")
"""``asesor``: lo trabaja una persona (llamada, visita); ``masivo``: una plataforma (SMS, correo...)."""

PROMESA_INCUMPLIDA = "PROMESA_INCUMPLIDA"
"""Código especial de ``rutas``: qué hacer cuando una promesa vence sin pago suficiente."""

SIN_SEGMENTO = "Sin segmento"
"""Segmento de las cuentas que no cumplen ninguna regla de ``segmentos``."""

CAMPOS_CARTERA = (
    "cuenta",
    "cliente_id",
    "nombre",
    "dias_mora",
    "fecha_vencimiento",
    "saldo_vencido",
    "saldo_total",
    "producto",
    "sucursal",
    "region",
    "asesor",
    "telefono",
    "telefono2",
    "email",
    "score",
    "fecha_ultimo_pago",
    "monto_ultimo_pago",
    "no_contactar",
    "pais",
)
"""Campos canónicos de la cartera, en el orden de la hoja ``columnas``."""

CAMPOS_NUMERICOS = ("dias_mora", "saldo_vencido", "saldo_total", "score", "monto_ultimo_pago")
CAMPOS_FECHA = ("fecha_vencimiento", "fecha_ultimo_pago")
CAMPOS_LOGICOS = ("no_contactar",)

CAMPOS_TIPIFICACIONES = (
    "cuenta",
    "cliente_id",
    "fecha_hora",
    "asesor",
    "canal",
    "codigo",
    "monto_promesa",
    "fecha_promesa",
    "comentario",
)
CAMPOS_PAGOS = ("cuenta", "cliente_id", "fecha", "monto", "referencia")

DIAS_SEMANA = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def clave(texto: str | None) -> str:
    """Forma de comparación de un nombre: sin tildes, minúsculas, espacios simples.

    >>> clave("  Contención  Digital ")
    'contencion digital'
    """
    if texto is None:
        return ""
    sin_tildes = unicodedata.normalize("NFKD", str(texto))
    sin_tildes = "".join(c for c in sin_tildes if not unicodedata.combining(c))
    return " ".join(sin_tildes.casefold().split())


@dataclass(frozen=True)
class Parametros:
    """Parámetros generales de la operación (hoja ``parametros``)."""

    pais: str = "CO"
    moneda: str = "COP"
    dia_primero: bool = True
    dias_gracia: int = 2
    tolerancia_pct: float = 5.0
    zona_horaria: str = "America/Bogota"
    capacidad_asesor: int = 120


@dataclass(frozen=True)
class ReglaSegmento:
    """Una fila de la tabla de decisión ``segmentos``: la primera que se cumple gana.

    ``pruebas`` son pares ``(campo, texto DMN)``; las celdas vacías o ``-`` no se guardan.
    ``fila`` es la fila de Excel donde está la regla.
    """

    fila: int
    segmento: str
    pruebas: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Tratamiento:
    """Tratamiento de un segmento (una fila de ``tratamientos``); metas entre 0 y 1."""

    segmento: str
    tratamiento: str
    variante: str = "A"
    proporcion: float = 1.0
    hipotesis: str = ""
    meta_cobertura: float | None = None
    meta_contacto: float | None = None
    meta_promesa: float | None = None
    meta_cumplimiento: float | None = None
    meta_recuperacion: float | None = None


@dataclass(frozen=True)
class Etapa:
    """Tramo de días de mora de un tratamiento; ``desde`` y ``hasta`` inclusive, ``hasta=None`` abierto."""

    tratamiento: str
    etapa: str
    desde: int
    hasta: int | None

    def contiene(self, dias_mora: int) -> bool:
        """``True`` si ``dias_mora`` cae en la etapa."""
        return dias_mora >= self.desde and (self.hasta is None or dias_mora <= self.hasta)


@dataclass(frozen=True)
class Evento:
    """Evento programado: en el día de mora ``dia`` o ``cada`` N días dentro de la etapa."""

    tratamiento: str
    etapa: str
    canal: str
    accion: str
    argumento: str
    dia: int | None = None
    cada: int | None = None
    producto: str | None = None
    prioridad: int = 5


@dataclass(frozen=True)
class Argumento:
    """Texto para el asesor según situación (y, si se indica, etapa)."""

    codigo: str
    situacion: str
    texto: str
    etapa: str | None = None


@dataclass(frozen=True)
class Producto:
    """Producto de solución: se ofrece desde ``desde_dias_mora`` y desde la negociación número ``desde_negociacion``."""

    codigo: str
    nombre: str
    desde_dias_mora: int
    desde_negociacion: int
    condicion: str | None = None
    descuento: str = ""
    plazo: str = ""

    def partes_condicion(self) -> tuple[str, str] | None:
        """``("saldo_vencido", ">=1000")`` de la condición, o ``None`` si no tiene."""
        if not self.condicion:
            return None
        campo, _, prueba = self.condicion.strip().partition(" ")
        return campo, prueba.strip()


@dataclass(frozen=True)
class Ruta:
    """Qué hacer después de la tipificación ``codigo`` (o de ``PROMESA_INCUMPLIDA``).

    ``en_dias`` cuenta desde el día del contacto; en las rutas de promesas
    (``PP``, ``PR``) con acción ``recordatorio`` cuenta desde la fecha prometida
    (``-1`` = el día anterior). ``None`` = sin nueva acción (p. ej. ``excluir``).
    """

    codigo: str
    accion: str
    en_dias: int | None
    canal: str | None = None
    argumento: str | None = None
    producto: str | None = None


@dataclass(frozen=True)
class Tipificacion:
    """Código del catálogo de resultados."""

    codigo: str
    descripcion: str
    nivel: str
    requiere_monto: bool = False
    requiere_fecha: bool = False
    final: bool = False
    peso: int = 0
    equivalencias: tuple[str, ...] = ()
    """Códigos del marcador (Vicidial u otro) que significan este código; en mayúsculas."""

    @property
    def orden(self) -> int:
        """Posición del nivel en el embudo (0 = ``sin_contacto``)."""
        return ORDEN_NIVEL[self.nivel]


@dataclass(frozen=True)
class Canal:
    """Canal de contacto; en canales ``asesor`` la capacidad es por asesor y día, en ``masivo`` es total."""

    canal: str
    tipo: str
    capacidad_diaria: int | None
    hora_inicio: int = 8
    hora_fin: int = 19


@dataclass(frozen=True)
class Asesor:
    """Asesor; ``tratamientos`` vacío = trabaja todos."""

    asesor: str
    nombre: str
    canales: tuple[str, ...]
    capacidad_diaria: int
    tratamientos: tuple[str, ...] = ()
    activo: bool = True


@dataclass(frozen=True)
class ReglaContacto:
    """Límites legales de contacto de un país; ``dias_semana``: 0 = lunes ... 6 = domingo."""

    pais: str
    dias_semana: tuple[int, ...]
    hora_inicio: int
    hora_fin: int
    sabado_hora_inicio: int | None
    sabado_hora_fin: int | None
    festivos_permitidos: bool
    max_por_dia: int | None
    max_por_semana: int | None
    max_llamadas_semana: int | None
    max_mensajes_semana: int | None
    dias_entre_mensajes: int | None
    un_canal_por_semana: bool
    solo_titular: bool
    notas: str = ""

    def horario(self, dia_semana: int) -> tuple[int, int] | None:
        """Horas permitidas ``(inicio, fin)`` de un día de la semana, o ``None`` si ese día no se contacta."""
        if dia_semana not in self.dias_semana:
            return None
        if dia_semana == 5 and self.sabado_hora_inicio is not None and self.sabado_hora_fin is not None:
            return (self.sabado_hora_inicio, self.sabado_hora_fin)
        return (self.hora_inicio, self.hora_fin)


@dataclass(frozen=True)
class Estrategia:
    """La estrategia completa, ya validada."""

    parametros: Parametros
    columnas: Mapping[str, str]
    segmentos: tuple[ReglaSegmento, ...]
    tratamientos: tuple[Tratamiento, ...]
    etapas: tuple[Etapa, ...]
    eventos: tuple[Evento, ...]
    argumentos: tuple[Argumento, ...]
    productos: tuple[Producto, ...]
    rutas: tuple[Ruta, ...]
    tipificaciones: tuple[Tipificacion, ...]
    canales: tuple[Canal, ...]
    asesores: tuple[Asesor, ...]
    reglas_contacto: tuple[ReglaContacto, ...]
    avisos: tuple[Problema, ...] = field(default=(), compare=False)
    """Avisos de la validación (no impiden usar la estrategia)."""
    _indices: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def _indice(self, nombre: str, registros, atributo: str) -> dict:
        if nombre not in self._indices:
            indice: dict = {}
            for registro in registros:
                indice.setdefault(clave(getattr(registro, atributo)), registro)
            self._indices[nombre] = indice
        return self._indices[nombre]

    def tipificacion(self, codigo: str | None) -> Tipificacion | None:
        """El código del catálogo (sin distinguir mayúsculas ni espacios), o ``None``."""
        return self._indice("tipificaciones", self.tipificaciones, "codigo").get(clave(codigo))

    def canal(self, nombre: str | None) -> Canal | None:
        """El canal ``nombre`` (``"WhatsApp"`` = ``"whatsapp"``), o ``None``."""
        return self._indice("canales", self.canales, "canal").get(clave(nombre))

    def argumento(self, codigo: str | None) -> Argumento | None:
        """El argumento ``codigo``, o ``None``."""
        return self._indice("argumentos", self.argumentos, "codigo").get(clave(codigo))

    def producto(self, codigo: str | None) -> Producto | None:
        """El producto ``codigo``, o ``None``."""
        return self._indice("productos", self.productos, "codigo").get(clave(codigo))

    def ruta(self, codigo: str | None) -> Ruta | None:
        """La ruta del código de tipificación (o ``PROMESA_INCUMPLIDA``), o ``None``."""
        return self._indice("rutas", self.rutas, "codigo").get(clave(codigo))

    def asesor(self, codigo: str | None) -> Asesor | None:
        """El asesor por su código (columna ``asesor``), o ``None``."""
        return self._indice("asesores", self.asesores, "asesor").get(clave(codigo))

    def regla_contacto(self, pais: str | None) -> ReglaContacto | None:
        """Las reglas de contacto del país (código ISO de 2 letras), o ``None``."""
        return self._indice("reglas", self.reglas_contacto, "pais").get(clave(pais))

    def tratamientos_de(self, segmento: str) -> tuple[Tratamiento, ...]:
        """Filas de ``tratamientos`` de un segmento (varias si hay campeón/retador)."""
        buscado = clave(segmento)
        return tuple(t for t in self.tratamientos if clave(t.segmento) == buscado)

    def tratamiento(self, nombre: str) -> Tratamiento | None:
        """La primera fila de ``tratamientos`` con ese nombre de tratamiento."""
        buscado = clave(nombre)
        return next((t for t in self.tratamientos if clave(t.tratamiento) == buscado), None)

    def etapas_de(self, tratamiento: str) -> tuple[Etapa, ...]:
        """Etapas de un tratamiento, ordenadas por ``desde``."""
        buscado = clave(tratamiento)
        return tuple(sorted((e for e in self.etapas if clave(e.tratamiento) == buscado), key=lambda e: e.desde))

    def etapa_de(self, tratamiento: str, dias_mora: int) -> Etapa | None:
        """La etapa del tratamiento que contiene ``dias_mora``, o ``None``."""
        return next((e for e in self.etapas_de(tratamiento) if e.contiene(dias_mora)), None)

    def eventos_de(self, tratamiento: str, etapa: str | None = None) -> tuple[Evento, ...]:
        """Eventos de un tratamiento (y de una etapa, si se indica)."""
        t, e = clave(tratamiento), clave(etapa)
        return tuple(
            ev for ev in self.eventos if clave(ev.tratamiento) == t and (etapa is None or clave(ev.etapa) == e)
        )

    def eventos_del_dia(self, tratamiento: str, dias_mora: int) -> tuple[Evento, ...]:
        """Eventos que tocan a un deudor con ``dias_mora`` en ese tratamiento.

        Un evento con ``dia`` toca ese día de mora exacto; uno con ``cada`` N toca
        el primer día de la etapa y luego cada N días mientras siga en ella.
        """
        etapa = self.etapa_de(tratamiento, dias_mora)
        if etapa is None:
            return ()
        tocan = []
        for evento in self.eventos_de(tratamiento, etapa.etapa):
            if evento.dia is not None and evento.dia == dias_mora:
                tocan.append(evento)
            elif evento.cada is not None and (dias_mora - etapa.desde) % evento.cada == 0:
                tocan.append(evento)
        return tuple(sorted(tocan, key=lambda e: e.prioridad))

    def productos_disponibles(self, dias_mora: int, negociaciones: int) -> tuple[Producto, ...]:
        """Productos desbloqueados por días de mora y número de negociación (sin evaluar ``condicion``)."""
        return tuple(
            p for p in self.productos if dias_mora >= p.desde_dias_mora and negociaciones >= p.desde_negociacion
        )

    def equivalencias(self) -> dict[str, str]:
        """Código del marcador (en mayúsculas) → código del catálogo, de la columna ``equivalencias``.

        >>> estrategia.equivalencias()["NA"]
        'NC'
        """
        return {externo: t.codigo for t in self.tipificaciones for externo in t.equivalencias}

    def catalogo(self) -> pd.DataFrame:
        """El catálogo de tipificaciones como tabla."""
        columnas = ["codigo", "descripcion", "nivel", "requiere_monto", "requiere_fecha", "final", "peso"]
        filas = [
            (t.codigo, t.descripcion, t.nivel, t.requiere_monto, t.requiere_fecha, t.final, t.peso)
            for t in self.tipificaciones
        ]
        tabla = pd.DataFrame(filas, columns=columnas)
        return tabla.astype(
            {"requiere_monto": bool, "requiere_fecha": bool, "final": bool, "peso": "int64"}
        )
