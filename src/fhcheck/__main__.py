"""Allow ``python -m fhcheck``."""

from fhcheck.cli import main

if __name__ == "__main__":
    main()
