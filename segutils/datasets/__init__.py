"""Images to segment, each with the truth to judge a segmentation by.

Three sources, from always-there to downloaded, one module each:

1. :mod:`.samples` -- the photographs and micrographs scikit-image ships (no ground truth), and
   :func:`load_image` for any path, bytes, URL or sample name.
2. :mod:`.generated` -- generated blobs with *exact* semantic and instance ground truth and a
   ``difficulty`` knob; EM-like membranes as an offline stand-in for ISBI 2012.
3. :mod:`.real` -- real datasets with human ground truth (ISBI 2012, DSB2018, BSDS500, CamVid),
   read from a folder or downloaded and checked by :mod:`.downloads`.

What they return is defined in :mod:`.records`. Submodules load on first use, so importing
``segutils.datasets`` for :func:`synthetic` does not import the download machinery.

Examples
--------
>>> from segutils.datasets import synthetic
>>> synthetic(difficulty=0.0, seed=1).n_objects
13
"""

import lazy_loader as lazy

# The names come from the stub beside this file (__init__.pyi), which IDEs read too.
__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
