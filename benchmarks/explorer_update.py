"""How long one slider move of each explorer takes, against rebuilding the figure.

Run from the repository's root: ``.venv/bin/python benchmarks/explorer_update.py [--moves 30]``

Steps:
1. Start a real ``python3`` Jupyter kernel (jupyter_client) so imports and the widget
   comms behave as in a notebook; all timing happens inside the kernel with
   ``time.perf_counter``.
2. Build each explorer (no runner profile); building it draws the first, full frame.
3. In-place path, per move: set a control's value. The explorer updates its artists and
   the text twin and redraws: by blitting when it can (pastes the background kept from
   the last full draw and draws only the moving artists), else in full; then it encodes
   the frame as a PNG and sets it on its figure image (``surface.png``), which the widget
   comm sends to the browser. Full draws are counted. Moves cycle through the explorer's
   sliders so every view changes.
4. Rebuild path, for the Hip Extension Explorer, timed right after each of its moves (so
   both paths meet the same machine load): what ``interact`` with the inline backend
   does: a new constrained-layout Figure with the same three views, updated to the move's
   values, saved to PNG with ``bbox_inches="tight"`` (matplotlib-inline's default).
5. Print per explorer the median milliseconds per move, the mean PNG size, how many moves
   needed a full draw; and, for the Hip Extension Explorer, the rebuild time and the ratio.
Both paths draw at the figure's dpi (100).
"""

from __future__ import annotations

import argparse
import json
import textwrap

from jupyter_client.manager import start_new_kernel

KERNEL_CODE = textwrap.dedent("""
    import io, json, statistics, time
    import widgets
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from widgets.drawing import PushOffViews
    from widgets.explorers.controls import Slider

    MOVES = {moves}
    NAMES = ["HipExtensionExplorer", "GaitCycleExplorer", "CadenceExplorer", "ThomasTestExplorer",
             "FootStrikeExplorer", "RoutineBuilder"]
    figures = {{}}
    for name in NAMES:
        app = getattr(widgets, name)(use_profile=False)
        sliders = [c for c in app.controls.values() if isinstance(c, Slider)]
        canvas = app.figure.canvas
        full = []
        draw = canvas.draw
        canvas.draw = lambda: (full.append(1), draw())
        in_place_ms, rebuild_ms, png_bytes = [], [], []
        for i in range(MOVES):  # in place and rebuild alternate, so both meet the same machine load
            control = sliders[i % len(sliders)]
            span = control.max - control.min
            value = control.min + span * ((0.37 * (i + 1)) % 1.0)
            value = round(value) if isinstance(control.value, int) else value
            start = time.perf_counter()
            control.value = value  # update, text twin, blitted or full frame, PNG to the browser
            in_place_ms.append(1000 * (time.perf_counter() - start))
            png_bytes.append(len(app.surface.png))
            if name == "HipExtensionExplorer":
                result = app.result
                start = time.perf_counter()
                figure = Figure(figsize=app.figsize, layout="constrained")
                FigureCanvasAgg(figure)
                PushOffViews(figure).update(result)
                buffer = io.BytesIO()
                figure.savefig(buffer, format="png", bbox_inches="tight")
                rebuild_ms.append(1000 * (time.perf_counter() - start))
        figures[name] = {{"in_place_ms": statistics.median(in_place_ms),
                         "rebuild_ms": statistics.median(rebuild_ms) if rebuild_ms else None,
                         "mean_png_kib": statistics.mean(png_bytes) / 1024,
                         "full_frames": len(full), "dpi": app.figure.dpi}}
    print(json.dumps(figures))
""")


def run_in_kernel(code: str, timeout_s: float = 600.0) -> str:
    """Execute ``code`` in a fresh python3 kernel and return what it printed."""
    manager, client = start_new_kernel(kernel_name="python3")
    printed: list[str] = []

    def collect(message):
        if message["header"]["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["header"]["msg_type"] == "error":
            printed.append("\n".join(message["content"]["traceback"]))

    try:
        reply = client.execute_interactive(code, timeout=timeout_s, output_hook=collect)
        if reply["content"]["status"] != "ok":
            raise RuntimeError("".join(printed))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return "".join(printed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30, help="slider moves per explorer")
    args = parser.parse_args()
    figures = json.loads(run_in_kernel(KERNEL_CODE.format(moves=args.moves)).strip().splitlines()[-1])
    print(f"{args.moves} slider moves per explorer, in a kernel, dpi 100: update + frame + PNG to the browser")
    for name, f in figures.items():
        print(f"  {name:22s} {f['in_place_ms']:7.1f} ms per move (median), {f['mean_png_kib']:5.0f} KiB per frame, "
              f"{f['full_frames']} of {args.moves} moves needed a full draw")
    hip = figures["HipExtensionExplorer"]
    print(f"  HipExtensionExplorer rebuilt instead (new figure + savefig PNG): {hip['rebuild_ms']:7.1f} ms per move; "
          f"in place is {hip['rebuild_ms'] / hip['in_place_ms']:.1f}x faster")


if __name__ == "__main__":
    main()
