"""Explorers: ipywidgets controls, one matplotlib figure and a text twin each.

Import an explorer from its module or, lazily, from ``widgets`` itself.
"""
