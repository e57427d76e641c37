"""README's two commands and its links stay true."""

import re

from support.paths import ROOT

README = (ROOT / "README.md").read_text()


def command_after(marker: str) -> str:
    block = README.split(f"<!-- {marker} -->", 1)[1]
    return re.search(r"```bash\n(.+?)\n```", block, re.DOTALL).group(1).strip()


def test_start_command_installs_the_package_and_opens_the_welcome_lesson():
    command = command_after("start-command")
    assert "pip install -e ." in command
    assert command.endswith("--LabApp.default_url=/lab/tree/lessons/00_welcome.ipynb")
    assert (ROOT / "lessons/00_welcome.ipynb").is_file()
    settings_dir = re.search(r"--LabApp.app_settings_dir=(\S+)", command).group(1)
    assert (ROOT / settings_dir / "overrides.json").is_file()


def test_test_command_installs_the_test_extra_and_runs_pytest():
    command = command_after("test-command")
    assert "pip install -e '.[test]'" in command
    assert re.search(r"-m pytest( -n \d+ --dist loadfile)?$", command), command


def test_ci_reads_the_test_command_from_the_readme():
    ci = (ROOT / ".ci/run").read_text()
    assert "<!-- test-command -->" in ci and "REQUIRE_BROWSER=1" in ci and "apt-get install" in ci


def test_binder_badge_opens_the_welcome_lesson_in_jupyterlab():
    url = re.search(r"\((https://mybinder.org/v2/[^)]+)\)", README).group(1)
    assert url.endswith("?urlpath=lab/tree/lessons/00_welcome.ipynb")


def test_every_relative_link_and_image_points_at_a_file():
    targets = re.findall(r"\]\(((?!https?:)[^)#]+)\)", README)
    missing = [t for t in targets if not (ROOT / t).exists()]
    assert not missing, missing
