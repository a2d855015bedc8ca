"""Start-up cost: every `flask` command, gunicorn worker and job worker imports the app;
libraries that take most of a second to import load when first used, not then."""
from __future__ import annotations

import subprocess
import sys

HEAVY = ("jieba.analyse", "jieba.posseg", "openpyxl")


def test_building_the_app_does_not_import_heavy_libraries(tmp_path):
    code = (
        "import sys\n"
        "from exchange import create_app\n"
        f"create_app({{'SQLALCHEMY_DATABASE_URI': 'sqlite:///{tmp_path}/x.db',"
        f" 'SECRET_KEY': 'x', 'SEARCH_INDEX_DIR': '{tmp_path}/index'}})\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert out.stdout.strip() == "[]"
