"""Allow ``python -m fhcheck``."""

from fhcheck.cli import run

if __name__ == "__main__":
    run()
