"""The party layer: find China, Russia and the West (or your own parties) in text.

>>> [m.text for m in Registry.default().find("Rusianya menolak, AS-Tiongkok diam.")]
['Rusia', 'AS', 'Tiongkok']

``registry`` holds the public names (:class:`Registry`, :class:`Mention`,
:func:`find_mentions`); ``registry_file`` reads registry files and merges them onto a base
registry; ``patterns`` compiles a registry into the scanner's trie regex and tables, once;
``matcher`` finds the alias spans of a batch of texts in one pass, after ``prefilter`` has
marked, on large batches, the word starts where an alias could begin.
"""

from stance.parties.registry import Mention, Registry, find_mentions

__all__ = ["Mention", "Registry", "find_mentions"]
