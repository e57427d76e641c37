"""How long one slider move of HipExtensionExplorer takes, against rebuilding the figure.

Run: ``/work/venv/bin/python benchmarks/explorer_update.py [--moves 30]``

Steps:
1. Start a real ``python3`` Jupyter kernel (jupyter_client) so imports, the ipympl
   canvas and the widget comms behave as in a notebook; all timing happens inside
   the kernel with ``time.perf_counter``.
2. Build one ``HipExtensionExplorer`` (no runner profile) and warm it up: one full
   draw and one full image, as when the browser first shows the canvas.
3. Tell the canvas the frontend is initialized (the message the browser sends
   first: ipympl then stops re-encoding a data URL on every frame).
4. In-place path, per move: set a control's value. The explorer updates its artists
   and the text twin and redraws: by blitting when it can (pastes the background
   kept from the last full draw, draws only the moving artists, and ``canvas.blit``
   makes ipympl build ``get_diff_image()``, the PNG of changed pixels, and send it
   over the widget comm), else by asking the browser for a redraw (``draw_idle``).
   Every redraw request the explorer sends is answered here as the browser would:
   the ``draw`` message back to the canvas, so ``canvas.draw()`` renders everything,
   builds the diff image and sends it. Both kinds of frame are timed and counted.
   Moves cycle through hip extension, rotation share, speed and tilt so every view
   changes.
5. Rebuild path, for the same move, timed right after it (so both paths meet the
   same machine load): what ``interact`` with the inline backend does: a new
   constrained-layout Figure with the same three views, updated to the move's
   values, saved to PNG with ``bbox_inches="tight"`` (matplotlib-inline's default).
6. Print the median milliseconds of both, the ratio, the mean bytes sent and how
   many in-place moves needed a full draw instead of a blitted frame.
Both paths draw at the figure's dpi (100) on a device pixel ratio of 1.
"""

from __future__ import annotations

import argparse
import json
import textwrap

from jupyter_client.manager import start_new_kernel

KERNEL_CODE = textwrap.dedent("""
    import io, json, statistics, time
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from widgets.drawing import PushOffViews
    from widgets.hip_extension import HipExtensionExplorer

    MOVES = {moves}
    app = HipExtensionExplorer(use_profile=False)
    canvas = app.figure.canvas
    sent_bytes = []
    draw_requests = []
    send = canvas.send
    def counting_send(content, buffers=None):
        sent_bytes.extend(len(b) for b in buffers or [])
        if json.loads(content.get("data", "{{}}")).get("type") == "draw":
            draw_requests.append(1)  # draw_idle: the browser will ask for a full frame
        return send(content, buffers)
    canvas.send = counting_send
    # What the browser's first message does: stop syncing a data URL, size the canvas.
    canvas._handle_message(canvas, {{"type": "initialized"}}, [])
    canvas.draw()  # the first, full frame
    sent_bytes.clear()
    full_frames = 0

    def move_values(i):
        names = ["hip_extension_deg", "rotation_share", "speed_m_s", "pelvic_tilt_deg"]
        control = app.controls[names[i % len(names)]]
        span = control.max - control.min
        return control, control.min + span * ((0.37 * (i + 1)) % 1.0)

    in_place_ms, rebuild_ms = [], []
    for i in range(MOVES):  # the two paths alternate, so both meet the same machine load
        control, value = move_values(i)
        draw_requests.clear()
        start = time.perf_counter()
        control.value = value  # update, text twin, then a blitted frame or a redraw request
        if draw_requests:  # the browser's answer: a full render, diff image, sent
            canvas._handle_message(canvas, {{"type": "draw"}}, [])
            full_frames += 1
        in_place_ms.append(1000 * (time.perf_counter() - start))

        result = app.result
        start = time.perf_counter()
        figure = Figure(figsize=app.figsize, layout="constrained")
        FigureCanvasAgg(figure)
        PushOffViews(figure).update(result)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        rebuild_ms.append(1000 * (time.perf_counter() - start))

    print(json.dumps({{"in_place_ms": statistics.median(in_place_ms),
                      "rebuild_ms": statistics.median(rebuild_ms),
                      "mean_bytes_sent": statistics.mean(sent_bytes),
                      "full_frames": full_frames,
                      "dpi": app.figure.dpi}}))
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
    parser.add_argument("--moves", type=int, default=30, help="slider moves per path")
    args = parser.parse_args()
    figures = json.loads(run_in_kernel(KERNEL_CODE.format(moves=args.moves)).strip().splitlines()[-1])
    ratio = figures["rebuild_ms"] / figures["in_place_ms"]
    print(f"HipExtensionExplorer, {args.moves} slider moves per path, dpi {figures['dpi']:g}")
    print(f"  update in place + frame + diff image: {figures['in_place_ms']:7.1f} ms per move (median), "
          f"{figures['mean_bytes_sent'] / 1024:.0f} KiB sent on average, "
          f"{figures['full_frames']} of {args.moves} moves needed a full draw")
    print(f"  rebuild figure + savefig PNG:         {figures['rebuild_ms']:7.1f} ms per move (median)")
    print(f"  in place is {ratio:.1f}x faster (goal: at least 4x)")


if __name__ == "__main__":
    main()
