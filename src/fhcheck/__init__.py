"""fhcheck: check a local authority's evidence against the Family Hub Model Framework."""

__version__ = "0.1.0"
