"""Which segmentation method is best? A leaderboard, tuned fairly, on built-in data or your own.

One module per step: :mod:`.tasks` (images with truth, split into tuning and test),
:mod:`.folder` (your own folder of images and masks), :mod:`.contenders` (the registered
methods), :mod:`.tuning` (seeded random search on the sliders' ranges), :mod:`.scoring` (the
measure each kind of task uses), :mod:`.runner` (cells side by side as Dask tasks, saved as they
finish, resumable), :mod:`.learned` (rows of models trained on the tuning images: the pixel
classifier), :mod:`.network` (the U-Net rows), :mod:`.ranking` (the leaderboard's order),
:mod:`.compare` (is a method distinguishable from the best on the same test images?),
:mod:`.report` (CSV and Markdown), :mod:`.figure` (the leaderboard drawn) and :mod:`.saved` (the
project's committed run, which notebook 08 reads). The command line is ``python -m segutils bench``.

The interactive benchmark (``python -m segutils bench --interactive``) judges the methods a
person prompts by the clicks they need: :mod:`.clicker` (the simulated user), :mod:`.prompting`
(clicks as each method's hints), :mod:`.objects` (single-object tasks), :mod:`.interactive` (the
click sessions, saved and resumable), :mod:`.clicks_needed` (NoC@85, NoC@90, mean IoU after k
clicks), :mod:`.clicks_figure`, :mod:`.clicks_report` and :mod:`.clicks_cli`.
"""

from .contenders import builtin_contenders
from .runner import evaluate_cell, run_benchmark
from .tasks import BUILTIN_TASKS, Sample, Task, builtin_task
from .tuning import Contender, tune

__all__ = [
    "BUILTIN_TASKS",
    "Contender",
    "Sample",
    "Task",
    "builtin_contenders",
    "builtin_task",
    "evaluate_cell",
    "run_benchmark",
    "tune",
]
