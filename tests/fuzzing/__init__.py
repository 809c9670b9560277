"""The fuzz harness: careless inputs to every public function of segutils, each call isolated.

For every registered method and the public functions of images, masks, metrics, viz, datasets
and unet, hypothesis draws inputs (:mod:`fuzzing.strategies`): shapes from 0-D and empty to
1x900 and 3-D stacks, dtypes from bool to complex and object, values with NaN, inf, negatives,
huge numbers and constants, and parameters inside and outside their ranges or of the wrong type.
A call must either return a result that honours the function's contract (shape, dtype, range:
:mod:`fuzzing.contracts`) or raise ValueError or TypeError with a message, raised by segutils
itself (or FileNotFoundError for a path that does not exist). Anything else is a failure: an
exception from inside a library, a crash of the process (a segmentation fault), a hang past the
time limit, a MemoryError, or a call that held more memory than its input explains (a ceiling
of a constant plus a multiple of the input's bytes, :mod:`fuzzing.memory`: label images reach
values of 10^9 and 16-bit masks of 0/65535, so a function that sizes an array by a label's
value or a data type's range fails even on a machine with the memory). Each call runs in a child
Python (:mod:`fuzzing.worker`, driven by :mod:`fuzzing.sandbox`) so that a crash or a hang is
caught and reported, not suffered.

The readers of files and folders get files as users bring them (:mod:`fuzzing.files`: every
common format and mode, EXIF orientations, CMYK, 16/32-bit and float, stacks and animations,
damaged bytes, odd names) and ``bench --data`` folders with missing, extra, mismatched, oddly
named and unreadable entries (:mod:`fuzzing.folders`). Each must be decoded as Pillow reads it by
the format's conventions, or refused with a message that names the file.

``tests/test_fuzz.py`` has one hypothesis test per target (:mod:`fuzzing.targets`); a failure is
raised inside the test, so hypothesis shrinks it to a minimal example. The number of examples
comes from the hypothesis settings profile registered in ``tests/conftest.py``: ``ci`` (the
default, a fixed dozen per function, as ``make test`` runs them), ``dev`` (100, random) and
``long`` (1000 per function, for a release)::

    python -m pytest tests/test_fuzz.py --hypothesis-profile=long --hypothesis-seed=N

Add ``-k NAME`` to fuzz one function (e.g. ``-k metrics.iou``; ``-k files`` for the readers of
files and folders), ``-x`` to stop at the first failure. ``FUZZ_MEMORY_LOG=FILE`` records each
call's input bytes and peak memory, to size the ceiling again.
"""
