"""Keras 3 and segmentation-models set up together, with TensorFlow's start-up notes held back.

segmentation-models 1.0.1 predates Keras 3. It runs on it through ``tf.keras`` when the variable
``SM_FRAMEWORK=tf.keras`` is set *before* it is imported; this module sets it at import and
:func:`import_sm` checks it, saying what to do if the library was imported another way first.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import tempfile

__all__ = ["FRAMEWORK", "STRIDE", "import_sm", "keras", "without_tensorflow_noise"]

# Must precede any import of segmentation_models, here or in a notebook (see module docstring).
os.environ.setdefault("SM_FRAMEWORK", "tf.keras")

# TensorFlow's C++ runtime prints notes straight to file descriptor 2, at start-up and when the
# first training step runs, whatever Python's logging says. These lines are known and say nothing
# to act on; anything else is passed on.
_TENSORFLOW_NOISE = re.compile(
    r"All log messages before absl::InitializeLog|oneDNN custom operations are on|"
    r"cpu_feature_guard|This TensorFlow binary is optimized|rebuild TensorFlow with the appropriate"
    r"|Unable to register cu(DNN|FFT|BLAS) factory|computation placer already registered"
    r"|Memory patch applied: M_TRIM_THRESHOLD|oneDNN supports DT_INT32 only on platforms with AVX"
)


@contextlib.contextmanager
def without_tensorflow_noise():
    """Hold back what is written to file descriptor 2, then pass on all but the known noise.

    Whatever else was written (a real warning) is printed when the block ends, not lost.

    Yields
    ------
    None
        The block runs with file descriptor 2 held back.

    Examples
    --------
    >>> with without_tensorflow_noise():
    ...     import tensorflow  # its start-up notes are dropped, a real warning is not

    References
    ----------
    Python documentation, :func:`os.dup2`; TensorFlow's ``TF_CPP_MIN_LOG_LEVEL`` (which cannot
    silence the notes written before it is read).
    """
    with tempfile.TemporaryFile() as captured:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            lines = captured.read().decode(errors="replace").splitlines()
            kept = [line for line in lines if line.strip() and not _TENSORFLOW_NOISE.search(line)]
            if kept:
                print("\n".join(kept), file=sys.stderr)


with without_tensorflow_noise():
    import keras


FRAMEWORK = "tf.keras"
#: Networks see sizes that are multiples of this (five 2x poolings in a ResNet encoder).
STRIDE = 32


def import_sm():
    """Import segmentation_models on the ``tf.keras`` framework and return the module.

    Returns
    -------
    module
        ``segmentation_models``.

    Raises
    ------
    RuntimeError
        If segmentation_models was already imported with another framework in this process.

    Examples
    --------
    >>> import_sm().framework()
    'tf.keras'

    References
    ----------
    Iakubovskii, segmentation-models documentation (github.com/qubvel/segmentation_models),
    "Installation and framework"; Keras 3 documentation, "Keras 3 and tf.keras".
    """
    loaded = sys.modules.get("segmentation_models")
    if loaded is not None and loaded.framework() != FRAMEWORK:
        raise RuntimeError(
            f"segmentation_models was imported with the {loaded.framework()!r} framework, which "
            "does not run on Keras 3. Restart the kernel and import segutils.unet (or set "
            "os.environ['SM_FRAMEWORK'] = 'tf.keras') before importing segmentation_models."
        )
    os.environ["SM_FRAMEWORK"] = FRAMEWORK
    # The library announces its framework on stdout at import; that line is news to no one here.
    with contextlib.redirect_stdout(io.StringIO()):
        import segmentation_models as sm

    return sm
