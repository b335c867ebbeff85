"""Source-to-Rust transpiler: Python, C and shell sources to a Cargo workspace."""

from transpiler.api import TranspileResult, transpile_path

__version__ = "0.1.0"
__all__ = ["TranspileResult", "__version__", "transpile_path"]
