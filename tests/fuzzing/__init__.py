"""The fuzz harness: careless inputs to every public function of segutils, each call isolated.

For every registered method and the public functions of images, masks, metrics, viz, datasets
and unet, hypothesis draws inputs (:mod:`fuzzing.strategies`): shapes from 0-D and empty to
1x900 and 3-D stacks, dtypes from bool to complex and object, values with NaN, inf, negatives,
huge numbers and constants, and parameters inside and outside their ranges or of the wrong type.
A call must either return a result that honours the function's contract (shape, dtype, range:
:mod:`fuzzing.contracts`) or raise ValueError or TypeError with a message, raised by segutils
itself (or FileNotFoundError for a path that does not exist). Anything else is a failure: an
exception from inside a library, a crash of the process (a segmentation fault), a hang past the
time limit, or a MemoryError. Each call runs in a child Python (:mod:`fuzzing.worker`, driven by
:mod:`fuzzing.sandbox`) so that a crash or a hang is caught and reported, not suffered.

``tests/test_fuzz.py`` has one hypothesis test per target (:mod:`fuzzing.targets`); a failure is
raised inside the test, so hypothesis shrinks it to a minimal example. The number of examples
comes from the hypothesis settings profile registered in ``tests/conftest.py``: ``ci`` (the
default, a fixed dozen per function, as ``make test`` runs them), ``dev`` (100, random) and
``long`` (1000 per function, for a release)::

    python -m pytest tests/test_fuzz.py --hypothesis-profile=long --hypothesis-seed=N

Add ``-k NAME`` to fuzz one function (e.g. ``-k metrics.iou``), ``-x`` to stop at the first
failure.
"""
