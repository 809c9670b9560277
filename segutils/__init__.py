"""segutils: the thin helper package behind the image-segmentation notebooks.

It wraps scikit-image, OpenCV, scikit-learn and Keras; it does not rewrite them. Each module is a
chapter, and the flow goes one way, from the ground floor up:

- ``images`` (validate and convert; imports nothing from segutils), ``files`` (read files),
  ``masks`` (mask and label checks, the one clean-up), ``params`` (annotated parameters) and
  ``registry`` (where methods register);
- one module per family of methods: ``threshold``, ``edge``, ``region``, ``watershed``,
  ``cluster``, all listed in ``catalog``;
- ``datasets`` (samples, synthetic truth, real data), ``metrics`` (judge against ground truth),
  ``palette`` (label colours), ``viz`` (draw), ``explorer`` (sliders and clicks:
  ``segutils.explore``) and ``unet`` (Keras).

Submodules load on first use (``lazy_loader``, as scikit-image does): ``from segutils import
threshold`` imports neither the widgets nor Matplotlib nor TensorFlow.

The canonical image is ``float32`` in ``[0, 1]``, ``(H, W)`` gray or ``(H, W, 3)`` RGB; masks are
``bool``; label images are integers with 0 for background (see :mod:`segutils.images`).
"""

import lazy_loader as lazy

__version__ = "0.1.0"

# The names come from the stub beside this file (__init__.pyi), which IDEs read too.
__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
