"""The README's Python quick start is a contract: run it as written."""
from __future__ import annotations

import re
import shutil

from conftest import ROOT


def test_readme_python_quick_start_runs(tmp_path, monkeypatch, capsys):
    block = re.search(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)  # the snippet uses the relative folders corpus/ and index/
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert "Impingement occurs if hip bones rub together and cause pain." in out
    assert "Common causes including muscle strains" in out
    assert not namespace["follow"].declined and "surgical" in namespace["follow"].text
    assert (tmp_path / "index" / "CURRENT").exists()
