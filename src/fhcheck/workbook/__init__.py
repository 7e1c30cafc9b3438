"""Evidence kept in a workbook: the template, reading it as evidence, and converting to and from YAML.

:mod:`layout` declares the sheets and their columns once; :mod:`template` writes them
(XlsxWriter), :mod:`limits` refuses a hostile file before anything parses it, :mod:`reader`
turns a workbook into the same :class:`~fhcheck.load.Document` the YAML loader makes (with
a ``SHEET!CELL`` location per value), and :mod:`convert` writes YAML from it.
"""
