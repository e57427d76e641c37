"""Matplotlib views: build artists once from a model result, then update them in place.

Nothing here talks to ipywidgets; the explorers own the controls and call ``update``.
"""

from .views import (GaitCurvesArtist, PelvisTopView, PushOffViews, ReachBudgetView, StickFigureArtist,
                    ToeOffSideView, freeze_layout)

__all__ = ["GaitCurvesArtist", "PelvisTopView", "PushOffViews", "ReachBudgetView", "StickFigureArtist",
           "ToeOffSideView", "freeze_layout"]
