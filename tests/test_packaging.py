"""The build declares its data folders, so `pip install` prints no setuptools warning
about them (issue 16, item 12)."""
import configparser
from pathlib import Path

from setuptools import find_namespace_packages

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_folder_is_a_declared_package():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    assert config["options"]["packages"].strip() == "find_namespace:"
    found = config["options.packages.find"]
    packages = set(find_namespace_packages(
        str(ROOT), include=found["include"].split(), exclude=found["exclude"].split()))
    for folder in ("exchange/demo/data", "exchange/reference/data", "exchange/static",
                   "exchange/translations/zh_Hans/LC_MESSAGES", "search_index/data"):
        assert folder.replace("/", ".") in packages, folder
