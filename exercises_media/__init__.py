"""The course's drill media: images, animations and ``manifest.json`` (package data, no code).

Generated from the model by ``python -m widgets.media.build``; read by
:mod:`widgets.media.show` through :mod:`importlib.resources`, so the files ship inside
the wheel and are found from a checkout, an editable install or ``pip install .``.
"""
