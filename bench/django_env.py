"""Set Django up for a benchmark script: dev settings, a throwaway media folder and database."""

import os
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def setup(name):
    """Configure and start Django; return the script's scratch folder."""
    sys.path.insert(0, str(BASE_DIR))
    work_dir = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["MEDIA_ROOT"] = str(work_dir / "media")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work_dir / 'unused.sqlite3'}")

    import django

    django.setup()
    return work_dir
