"""Limits the command line and the readers share, in a module that imports nothing, so the
CLI can declare its options without importing the YAML reader at start-up."""

#: the largest evidence file read by default (``--max-bytes``); other limits scale with it
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: how far ahead, in days, lapsing evidence, exemptions and plans are warned about (``--warn-days``)
DEFAULT_WARN_DAYS = 60
