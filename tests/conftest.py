"""Lets test modules import their shared builders (tests/office_files.py); keeps the cache of
compiled patterns in a folder of the test run, never the user's."""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ["VNEXTRACT_CACHE_DIR"] = tempfile.mkdtemp(prefix="vnextract-test-cache-")
