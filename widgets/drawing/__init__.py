"""Matplotlib views: built once from a model result, then updated in place.

Nothing here talks to ipywidgets; the explorers own the controls and call ``update``.
``artists`` holds the shared pieces (stick figure, gait curves, layout), ``push_off_views``
the three views of the reach-budget model.
"""

from .artists import GaitCurvesArtist, StickFigureArtist, freeze_layout
from .push_off_views import PelvisTopView, PushOffViews, ReachBudgetView, ToeOffSideView

__all__ = ["GaitCurvesArtist", "PelvisTopView", "PushOffViews", "ReachBudgetView", "StickFigureArtist",
           "ToeOffSideView", "freeze_layout"]
