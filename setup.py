"""Ships the top-level resources/ folder inside the wheel as graphviz_app/resources.

Everything else about the project is declared in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["graphviz_app", "graphviz_app.*"]) + ["graphviz_app.resources"],
    package_dir={"graphviz_app.resources": "resources"},
    package_data={"graphviz_app.resources": ["**/*"]},
    include_package_data=True,
)
