"""The recipe that rebuilds the shipped models from ``../shared/data``: loaders, CV, reports.

``python -m training.build`` is the one way to produce ``stance/data/model/``.
"""
