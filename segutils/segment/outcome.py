"""What a batch did: each input's :class:`FileOutcome` and the run's :class:`BatchResult`.

Both are plain records (frozen dataclasses): a worker sends a :class:`FileOutcome` back through
Dask, and a notebook reads a :class:`BatchResult` by its attributes or its ``summary()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = ["BatchResult", "FileOutcome"]

#: Inputs listed one per line in a summary, per list (failures, warnings); the rest are counted.
MAX_LISTED = 20


@dataclass(frozen=True)
class FileOutcome:
    """What became of one input.

    Attributes
    ----------
    source : str
        The input file.
    status : {"written", "finished", "failed"}
        Segmented and written now; skipped because an earlier run finished it; or not done.
    reason : str
        Why it failed (the error's type and message); empty otherwise.
    output : str
        The label image or mask written (or found finished); empty when it failed.
    objects : int
        Objects found in it.
    seconds : float
        Time spent on it (reading, the method, writing), on its worker.
    notes : tuple of str
        Warnings raised while reading or segmenting it (an image that reads almost black, ...).
    """

    source: str
    status: Literal["written", "finished", "failed"]
    reason: str = ""
    output: str = ""
    objects: int = 0
    seconds: float = 0.0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    """The outcome of a batch: every input's :class:`FileOutcome`, and where the outputs are.

    Attributes
    ----------
    out : Path
        The output folder.
    method : str
        The method's registered name.
    setting : dict
        Its full setting.
    outcomes : tuple of FileOutcome
        One per input, in the inputs' order.
    seconds : float
        Wall time of the run.

    Examples
    --------
    >>> result = BatchResult(
    ...     Path("out"), "threshold.manual", {"level": 0.3},
    ...     (FileOutcome("a.png", "written", output="out/masks/a.png", objects=4),
    ...      FileOutcome("b.txt", "failed", reason="ValueError: not an image")),
    ... )
    >>> print(result.summary())
    threshold.manual (level=0.3) on 2 file(s) in 0.0 s: 1 segmented, 0 already finished, 1 failed; 4 objects in 1 image(s).
    Outputs in out: masks/, objects/ (each image's objects), objects.csv (every object).
    Not segmented (fix or remove them, then run again to resume):
      b.txt: ValueError: not an image
    """  # noqa: E501 - the summary's first line is as long as it prints

    out: Path
    method: str
    setting: dict[str, Any]
    outcomes: tuple[FileOutcome, ...]
    seconds: float = 0.0

    @property
    def written(self) -> list[FileOutcome]:
        """Inputs segmented by this run."""
        return [outcome for outcome in self.outcomes if outcome.status == "written"]

    @property
    def finished(self) -> list[FileOutcome]:
        """Inputs skipped because an earlier run had finished them."""
        return [outcome for outcome in self.outcomes if outcome.status == "finished"]

    @property
    def failed(self) -> list[FileOutcome]:
        """Inputs not segmented, each with its reason."""
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    @property
    def objects(self) -> int:
        """Objects in every segmented input (this run's and earlier runs')."""
        return sum(outcome.objects for outcome in self.outcomes)

    @property
    def ok(self) -> bool:
        """Whether every input is segmented."""
        return not self.failed

    def summary(self) -> str:
        """A few lines for a person: the counts, where the outputs are, failures and warnings."""
        setting = ", ".join(f"{key}={value!r}" for key, value in self.setting.items())
        done = len(self.outcomes) - len(self.failed)
        lines = [
            f"{self.method} ({setting or 'no parameters'}) on {len(self.outcomes)} file(s) in "
            f"{self.seconds:.1f} s: {len(self.written)} segmented, {len(self.finished)} already "
            f"finished, {len(self.failed)} failed; {self.objects} objects in {done} image(s).",
        ]
        if done:
            folders = sorted({f"{Path(o.output).parent.name}/" for o in self.outcomes if o.output})
            lines.append(
                f"Outputs in {self.out}: {', '.join(folders)}, objects/ (each image's objects), "
                "objects.csv (every object)."
            )
        failures = [(o.source, o.reason) for o in self.failed]
        warnings = [(o.source, note) for o in self.outcomes for note in o.notes]
        lines += _listed("Not segmented (fix or remove them, then run again to resume):", failures)
        lines += _listed("Warnings (the images were segmented):", warnings)
        return "\n".join(lines)

    def __repr__(self) -> str:
        """The first line of the summary."""
        return f"<BatchResult {self.summary().splitlines()[0]}>"


def _listed(title: str, items: list[tuple[str, str]]) -> list[str]:
    """A titled list of ``name: text`` lines, at most :data:`MAX_LISTED`; none when empty."""
    if not items:
        return []
    lines = [title] + [f"  {Path(source).name}: {text}" for source, text in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        lines.append(f"  ... and {len(items) - MAX_LISTED} more.")
    return lines
