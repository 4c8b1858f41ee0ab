"""Package metadata, kept in one place (read by hatchling and by ``bkkbn_nlp.__version__``)."""

__version__ = "0.1.0"
__title__ = "bkkbn_nlp"
DEFAULT_PIPELINE = "bkkbn_id_default"
SCHEMA_VERSION = 1
