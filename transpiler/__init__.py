"""Source-to-Rust transpiler: Python, C and shell sources to a Cargo workspace."""

from transpiler.api import FileResult, TranspileResult, entry_point_map, transpile_path, transpile_project

__version__ = "0.1.0"
__all__ = ["FileResult", "TranspileResult", "__version__", "entry_point_map", "transpile_path", "transpile_project"]
