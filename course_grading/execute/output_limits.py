"""Cutting a cell's output to a size a grader (and a browser) can open.

nbgrader's ``LimitOutput`` counts *lines*; one ``print("x" * 10_000_000)`` is a single line
of ten megabytes that then sits in the gradebook's notebook, the formgrader and the feedback.
``LimitOutputSize`` keeps at most ``max_chars`` characters of text per cell.
"""

from __future__ import annotations

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

from ..record.flags import record_from_resources

TRUNCATION_NOTE = "\n... output truncated by the grader ({removed} characters removed) ...\n"
_TEXT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "application/javascript")


def _joined(text) -> str:
    return "".join(text) if isinstance(text, list) else str(text)


class LimitOutputSize(NbGraderPreprocessor):
    """Truncate the text outputs of a cell beyond ``max_chars`` characters."""

    max_chars = Integer(20_000, help="Largest number of text characters kept per cell; -1 keeps all.").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or self.max_chars < 0:
            return cell, resources
        budget = self.max_chars
        removed = 0
        for output in cell.outputs:
            if output.output_type == "stream":
                text = _joined(output.text)
                keep = text[: max(budget, 0)]
                removed += len(text) - len(keep)
                budget -= len(keep)
                output.text = keep
            elif output.output_type in ("execute_result", "display_data"):
                for mime in _TEXT_TYPES:
                    if mime in output.get("data", {}):
                        text = _joined(output.data[mime])
                        keep = text[: max(budget, 0)]
                        removed += len(text) - len(keep)
                        budget -= len(keep)
                        output.data[mime] = keep
        if removed:
            cell.outputs.append(new_output("stream", name="stderr", text=TRUNCATION_NOTE.format(removed=removed)))
            record_from_resources(self, resources, "output-truncated", f"cell {index}: {removed} characters removed")
        return cell, resources
