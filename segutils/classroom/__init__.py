"""Classroom tooling: build otter-grader assignments from the notebooks and grade submissions.

``python -m tools.classroom.assignments`` (``make assignments``) builds, for every notebook with
exercises, a student notebook and an autograder bundle with otter's own ``otter assign``.
``python -m tools.classroom.grade DIR`` (``make grade SUBMISSIONS=DIR``) grades a folder of
submissions offline, each in its own sandboxed process. docs/instructor.md is the guide.
"""
