"""The load benchmark behind `make bench`, run as a script: `python bench/run.py` (see run.py)."""
