"""La misma cartera da la misma lista en cada corrida.

Python ordena los conjuntos de textos de otra manera en cada proceso (``PYTHONHASHSEED``); si algo
del reparto dependiera de ese orden, dos corridas repartirían distinto. Antes pasaba: los asesores
de la cartera sin ficha tomaban turnos en el orden de un conjunto.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
CARTERA = RAIZ / "ejemplos" / "cartera_ejemplo.xlsx"


def _lista(carpeta: Path, semilla: str) -> dict[str, bytes]:
    entorno = {**os.environ, "PYTHONHASHSEED": semilla}
    carpeta.mkdir()
    for argumentos in (["init", "."], ["lista", str(CARTERA), "--fecha", "2025-03-14", "-o", "salida", "--silencioso"]):
        corrida = subprocess.run([sys.executable, "-m", "limonero_cli", *argumentos], cwd=carpeta, env=entorno,
                                 capture_output=True, text=True)
        assert corrida.returncode == 0, corrida.stderr
    partes = {}
    for archivo in sorted((carpeta / "salida").iterdir()):
        if archivo.suffix == ".xlsx":
            with zipfile.ZipFile(archivo) as libro:
                for nombre in libro.namelist():
                    if nombre != "docProps/core.xml":  # lleva la hora de creación
                        partes[f"{archivo.name}/{nombre}"] = libro.read(nombre)
        else:
            partes[archivo.name] = archivo.read_bytes()
    return partes


def test_la_lista_no_depende_del_orden_de_los_conjuntos_de_python(tmp_path):
    primera = _lista(tmp_path / "a", "1")
    segunda = _lista(tmp_path / "b", "2")
    assert any(nombre.endswith(".xlsx/xl/worksheets/sheet2.xml") for nombre in primera)
    assert primera.keys() == segunda.keys()
    distintas = [nombre for nombre in primera if primera[nombre] != segunda[nombre]]
    assert distintas == []
