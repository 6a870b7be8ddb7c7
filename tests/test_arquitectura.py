"""La forma del código: el núcleo no sabe de click, de la terminal ni de archivos; plantillas al día."""

import ast
from pathlib import Path

from python_calamine import CalamineWorkbook

from limonero_cli.hojas.plantillas import PLANTILLAS, escribir_plantillas

PAQUETE = Path(__file__).resolve().parents[1] / "limonero_cli"
PROHIBIDOS_EN_EL_NUCLEO = ("click", "rich", "tabulate", "openpyxl", "xlsxwriter", "python_calamine", "sqlite3",
                           "limonero_cli.cli", "limonero_cli.informes", "limonero_cli.hojas", "limonero_cli.bitacora")


def importaciones(archivo: Path) -> set[str]:
    arbol = ast.parse(archivo.read_text(encoding="utf-8"))
    nombres = set()
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Import):
            nombres |= {alias.name for alias in nodo.names}
        elif isinstance(nodo, ast.ImportFrom) and nodo.module:
            nombres.add(nodo.module)
    return nombres


def test_nucleo_y_estrategia_no_importan_capas_de_afuera():
    for carpeta in ("nucleo", "estrategia"):
        for archivo in (PAQUETE / carpeta).glob("*.py"):
            for nombre in importaciones(archivo):
                assert not nombre.startswith(PROHIBIDOS_EN_EL_NUCLEO), f"{archivo.name} importa {nombre}"


def test_solo_la_cli_atrapa_excepciones_genericas():
    for archivo in PAQUETE.rglob("*.py"):
        if archivo.parent.name == "cli":
            continue
        for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8"))):
            if isinstance(nodo, ast.ExceptHandler):
                generico = nodo.type is None or (isinstance(nodo.type, ast.Name) and nodo.type.id == "Exception")
                assert not generico, f"{archivo.relative_to(PAQUETE)}:{nodo.lineno} atrapa cualquier excepción"


def test_plantillas_del_proyecto_iguales_a_las_que_genera_el_codigo(tmp_path):
    escribir_plantillas(tmp_path)
    raiz = PAQUETE.parent / "plantillas"
    for nombre in PLANTILLAS:
        generada = CalamineWorkbook.from_path(str(tmp_path / nombre))
        guardada = CalamineWorkbook.from_path(str(raiz / nombre))
        assert generada.sheet_names == guardada.sheet_names
        assert generada.get_sheet_by_index(0).to_python() == guardada.get_sheet_by_index(0).to_python()


def test_el_readme_nombra_cada_comando():
    from limonero_cli.cli import COMANDOS

    readme = (PAQUETE.parent / "README.md").read_text(encoding="utf-8")
    for comando in COMANDOS:
        assert f"limonero {comando}" in readme, f"el README no menciona «limonero {comando}»"


def test_la_ayuda_de_embudo_lista_las_dimensiones_del_nucleo():
    from limonero_cli.cli import embudo as cli_embudo
    from limonero_cli.nucleo import embudo

    assert tuple(cli_embudo.DIMENSIONES) == tuple(embudo.DIMENSIONES)
