"""Named exit statuses: the contract CI pipelines rely on."""

OK = 0
BELOW_THRESHOLD = 1
USAGE = 2
BUG = 3
#: ``fhcheck validate``: every file is valid, but a cited document is missing, unreadable or changed
WITH_FINDINGS = 1
