"""One reader stack for every input: articles to score, labelled files, output files.

Every reader takes its text from :mod:`.decode` (UTF-8 only; other encodings are reported,
not guessed) and the format a file name implies and its JSON lines from :mod:`.rows`, and
names a problem by ``FILE`` or ``FILE:LINE``, then what is wrong and the fix:

- :func:`read_inputs` (``stance score``) turns files, directories (``--glob``) and stdin
  into :class:`Document` s: txt, JSONL or CSV/TSV, by file name or ``Options.input_format``.
  It never raises for a bad input: it yields a :class:`Failure` and reads on
  (:mod:`.inputs`, :mod:`.documents`);
- :func:`read_sentiment_file` and :func:`read_stance_file` (training, evaluation) read
  labelled JSONL, CSV or TSV files (our annotations, NewsMTSC, SmSA, NusaX, generic rows);
  the first bad row raises :class:`~stance.exceptions.DataFormatError` naming ``FILE:LINE``
  and the fix (:mod:`.labelled`, over the raw rows of :func:`.records.records`, which
  evaluation also reads detection files with);
- :func:`atomic_output` writes an output file all at once or not at all (:mod:`.output`).
"""

from __future__ import annotations

from stance.readers.documents import Document, Options
from stance.readers.failure import Failure
from stance.readers.inputs import read_inputs
from stance.readers.labelled import read_sentiment_file, read_stance_file
from stance.readers.output import atomic_output

__all__ = [
    "Document",
    "Failure",
    "Options",
    "read_inputs",
    "atomic_output",
    "read_sentiment_file",
    "read_stance_file",
]
