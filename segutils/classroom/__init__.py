"""Classroom tooling: build otter-grader assignments from the notebooks and grade submissions.

An optional layer on top of the package (``pip install "segutils[classroom]"``); nothing else
in segutils imports it. Three commands, run from the repository root (or given its folders):

- ``segutils assign`` (:mod:`.assign_cli`, built by :mod:`.assignments`) writes, for every
  notebook with exercises, a student notebook and an autograder bundle with otter's own
  ``otter assign``;
- ``segutils grade DIR`` (:mod:`.grade_cli`, done by :mod:`.grade`) grades a folder of
  submissions (found by :mod:`.submissions`) offline, each in its own process
  (:mod:`.worker`) confined by :mod:`.sandbox`; the hidden checks run answer cells again,
  within a time budget, with :mod:`.rerun`;
- ``segutils handout --out DIR`` (:mod:`.handout`) writes the hand-out repository a class
  server's image is built from: student notebooks, segutils, ``binder/``; no solutions, no
  hidden checks.

docs/instructor.md is the guide. Submodules load on first use.
"""

import lazy_loader as lazy

# The names come from the stub beside this file (__init__.pyi), which IDEs read too.
__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
