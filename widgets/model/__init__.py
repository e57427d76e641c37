"""The teaching model: numpy and the standard library only.

Everything here can run in an nbgrader kernel, a test or a script without a display;
``tests/model/test_purity.py`` imports every module and checks that neither matplotlib nor
ipywidgets was loaded. Layers above (drawing, explorers, learner, media) import from here,
never the other way round.
"""
