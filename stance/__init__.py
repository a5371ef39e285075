"""stance: paragraph-level sentiment and stance toward China, Russia and the West.

Import cost is kept low on purpose: heavy modules load on first use.
"""

from stance._version import __version__

__all__ = ["__version__"]
