"""The order of a task's leaderboard: best mean score first, the faster method first on a tie.

:mod:`.report` (its tables and the comparisons with rank 1) and :mod:`.figure` (its panels) both
rank by this one rule, so the best they name is the same method.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["leaderboard"]


def leaderboard(table: pd.DataFrame, task: str) -> pd.DataFrame:
    """One task's rows, best primary score first (ties: the faster method first).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`segutils.bench.report.results_table`.
    task : str
        The task's name.

    Returns
    -------
    pandas.DataFrame
        The rows of ``task``, ranked, with a 1-based index.

    Examples
    --------
    >>> table = pd.DataFrame({"task": ["t", "t"], "method": ["a", "b"], "score": [0.2, 0.9],
    ...                       "seconds_per_megapixel": [1.0, 2.0]})
    >>> list(leaderboard(table, "t")["method"])
    ['b', 'a']

    References
    ----------
    Arbelaez et al., TPAMI 2011, Table 1: methods ranked by one measure on one test set.
    """
    rows = table[table["task"] == task].sort_values(
        ["score", "seconds_per_megapixel"], ascending=[False, True]
    )
    return rows.reset_index(drop=True).set_axis(range(1, len(rows) + 1))
