"""Reading a submitted notebook that may be damaged.

nbgrader fails a whole submission when its notebook is not valid JSON (a truncated upload,
an editor accident). ``TolerantNotebookExporter`` (set as ``Autograde.exporter_class``)
grades such a notebook as an empty one instead: ``OverwriteCells.add_missing_cells`` puts
the tests back, they fail, the submission scores zero for them, and the instructor finds it
in the flagged list rather than as a hole in the gradebook.
"""

from __future__ import annotations

import nbformat
from nbconvert.exporters import NotebookExporter

from ..record.flags import record_from_resources


def empty_python_notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                       "language": "python"}
    return notebook


class TolerantNotebookExporter(NotebookExporter):
    """A notebook exporter that turns an unreadable notebook into a flagged empty one."""

    def from_file(self, file_stream, resources=None, **kw):
        try:
            notebook = nbformat.read(file_stream, as_version=4)
            if not isinstance(notebook.get("cells"), list):
                raise ValueError("the file has no list of cells")
        except Exception as error:  # any reason a file is not a notebook: JSON, encoding, schema
            if resources is None or "nbgrader" not in resources:
                raise
            reason = f"{type(error).__name__}: {str(error)[:200]}"
            self.log.warning("Grading %s as an empty notebook: %s", resources["nbgrader"]["notebook"], reason)
            record_from_resources(self, resources, "unreadable-notebook", reason)
            resources["nbgrader"]["unreadable"] = True  # later steps need not flag its missing cells
            notebook = empty_python_notebook()
        return self.from_notebook_node(notebook, resources=resources, **kw)
