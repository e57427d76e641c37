"""Matplotlib views: built once from a model result, then updated in place.

Nothing here talks to ipywidgets; the explorers own the controls and call ``update``.
``style`` holds the type scale and the shared shapes, ``body_view`` the runner with body
volume, ``artists`` the gait curves and the stick figure of the generated media,
``push_off_views`` the three views of the reach-budget model.
"""

from .artists import GaitCurvesArtist, StickFigureArtist, freeze_layout
from .body_view import RunnerArtist
from .push_off_views import PelvisTopView, PushOffViews, ReachBudgetView, ToeOffSideView

__all__ = ["GaitCurvesArtist", "PelvisTopView", "PushOffViews", "ReachBudgetView", "RunnerArtist",
           "StickFigureArtist", "ToeOffSideView", "freeze_layout"]
