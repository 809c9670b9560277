"""The matching behind :mod:`segutils.metrics.boundary_match`: the most pairs, at least distance.

The benchmark's matcher (``match.cc``) is a min-cost perfect matching in which leaving a pixel
unpaired costs far more than any pair, that is a maximum-cardinality matching of least total
distance. Its two halves are solved apart, each with a solver that stays fast on boundary maps:

1. **How many pairs.** Dinic's maximum flow (:func:`scipy.sparse.csgraph.maximum_flow`) on the
   network source -> machine pixels -> human pixels -> sink with unit capacities, which on such
   a network is the Hopcroft-Karp algorithm. :func:`scipy.sparse.csgraph.maximum_bipartite_matching`
   gives the same number, but SciPy <= 1.17's version never marks dead ends in its depth-first
   phase (scipy/scipy#26147) and takes seconds on the layered graphs that neighbouring boundary
   pixels form, where Dinic takes a tenth of one (``benchmarks/fast_paths.py`` times both on
   two thresholds of a BSDS image; on the easier one SciPy's is the quicker).
2. **Which machine pixels.** Every maximum matching has as many pairs, but not always with the
   same machine pixels, and precision counts the machine pixels matched by *any* annotator: an
   arbitrary maximum matching raised that count by 4.6 % on a BSDS image (108005). By the
   Dulmage-Mendelsohn decomposition, the machine pixels that some maximum matching leaves
   unpaired are those reachable from an unpaired one along alternating paths (set D); their
   human neighbours (set A) are paired into D by every maximum matching, and every other machine
   pixel is paired by all of them. So only the pairing of A into D is a choice: its least-distance
   solution comes from LAPJVsp (:func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`)
   on batches of connected components, several times faster than one call on all of D and A.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import (
    breadth_first_order,
    connected_components,
    maximum_flow,
    min_weight_full_bipartite_matching,
)

__all__: list[str] = []

#: Most A columns solved in one LAPJVsp call when several components are batched together.
BATCH_COLUMNS = 512


def maximum_matching(graph: sparse.csr_array) -> np.ndarray:
    """The column paired with each row by one maximum matching of a bipartite graph (-1: none).

    Dinic's maximum flow on source (node 0) -> each row -> its columns -> sink (node 1), all
    capacities 1, after leaving out the rows and columns without an edge.

    Parameters
    ----------
    graph : scipy.sparse.csr_array
        Rows x columns; an entry (of any value) is an edge.

    Returns
    -------
    ndarray
        For each row, the index of its column, or -1 for a row left unpaired.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy import sparse
    >>> graph = sparse.csr_array(np.array([[1, 1], [1, 0], [1, 0]]))
    >>> mate = maximum_matching(graph)
    >>> int((mate >= 0).sum()), sorted(mate[mate >= 0].tolist())  # one row waits
    (2, [0, 1])

    References
    ----------
    Dinic, E. A., "Algorithm for solution of a problem of maximum flow in a network with power
    estimation", Soviet Math. Doklady 11, 1970; Hopcroft, J. E. and Karp, R. M., "An n^5/2
    algorithm for maximum matchings in bipartite graphs", SIAM J. Comput. 2(4), 1973; SciPy
    documentation, :func:`scipy.sparse.csgraph.maximum_flow`.
    """
    mate = np.full(graph.shape[0], -1)
    col_used = np.zeros(graph.shape[1], bool)
    col_used[graph.indices] = True
    rows, cols = np.flatnonzero(np.diff(graph.indptr) > 0), np.flatnonzero(col_used)
    if rows.size == 0:
        return mate
    graph = graph[rows]
    col_id = np.cumsum(col_used) - 1
    first_col = 2 + rows.size
    # Row pointers of the nodes: the source (an edge to every row node), the sink (none), the
    # row nodes (their edges in the graph) and the column nodes (one edge each, to the sink).
    indptr = np.concatenate(
        [
            [0, rows.size, rows.size],
            rows.size + graph.indptr[1:],
            rows.size + graph.nnz + np.arange(1, cols.size + 1),
        ]
    )
    indices = np.concatenate(
        [np.arange(2, first_col), first_col + col_id[graph.indices], np.ones(cols.size, int)]
    )
    nodes = first_col + cols.size
    network = sparse.csr_array(
        (np.ones(indices.size, np.int32), indices.astype(np.int32), indptr.astype(np.int32)),
        shape=(nodes, nodes),
    )
    flow = maximum_flow(network, 0, 1, method="dinic").flow
    # The rows of the row nodes hold +1 on each edge to the column a row is paired with.
    start, stop = flow.indptr[2], flow.indptr[first_col]
    tails = np.repeat(np.arange(rows.size), np.diff(flow.indptr[2 : first_col + 1]))
    heads, values = flow.indices[start:stop], flow.data[start:stop]
    used = (values == 1) & (heads >= first_col)
    mate[rows[tails[used]]] = cols[heads[used] - first_col]
    return mate


def _unpairable_rows(graph: sparse.csr_array, mate: np.ndarray) -> np.ndarray:
    """Rows that some maximum matching leaves unpaired (set D), given one maximum matching.

    They are the unpaired rows and those reachable from them by alternating paths: an edge to a
    paired column, then that column's partner row.
    """
    n_rows = graph.shape[0]
    paired = mate >= 0
    partner = np.full(graph.shape[1], -1)
    partner[mate[paired]] = np.flatnonzero(paired)
    tails = np.repeat(np.arange(n_rows), np.diff(graph.indptr))
    heads = partner[graph.indices]
    step = heads >= 0
    unpaired = np.flatnonzero(~paired)
    walks = sparse.csr_array(
        (
            np.ones(unpaired.size + int(step.sum()), np.int8),
            (np.r_[np.full(unpaired.size, n_rows), tails[step]], np.r_[unpaired, heads[step]]),
        ),
        shape=(n_rows + 1, n_rows + 1),
    )  # node n_rows is a source that leads to every unpaired row
    reached = np.zeros(n_rows + 1, bool)
    reached[breadth_first_order(walks, n_rows, directed=True, return_predecessors=False)] = True
    return reached[:n_rows]


def least_distance_rows(graph: sparse.csr_array, mate: np.ndarray) -> np.ndarray:
    """Rows paired by a maximum matching of least total weight (``graph.data``, all > 0).

    Parameters
    ----------
    graph : scipy.sparse.csr_array
        Rows x columns; each entry the weight of a pair (distance + 1).
    mate : ndarray
        One maximum matching, from :func:`maximum_matching`.

    Returns
    -------
    ndarray
        ``bool`` per row.

    Examples
    --------
    Row 0 or row 1 could take column 0; the nearer one, row 1, does:

    >>> import numpy as np
    >>> from scipy import sparse
    >>> graph = sparse.csr_array(np.array([[5.0, 0.0], [2.0, 0.0], [0.0, 1.0]]))
    >>> least_distance_rows(graph, maximum_matching(graph)).tolist()
    [False, True, True]

    References
    ----------
    Lovász, L. and Plummer, M. D., "Matching Theory", North-Holland, 1986 (the
    Dulmage-Mendelsohn decomposition); Jonker, R. and Volgenant, A., "A shortest augmenting
    path algorithm for dense and sparse linear assignment problems", Computing 38, 1987
    (LAPJVsp); SciPy documentation,
    :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`.
    """
    unpairable = _unpairable_rows(graph, mate)
    chosen = (mate >= 0) & ~unpairable
    d_rows = np.flatnonzero(unpairable)
    choice = graph[d_rows]
    if choice.nnz == 0:
        return chosen
    used = np.zeros(graph.shape[1], bool)
    used[choice.indices] = True
    a_id = (np.cumsum(used) - 1)[choice.indices]
    edges = sparse.csr_array((choice.data, a_id, choice.indptr), (d_rows.size, int(used.sum())))
    n, labels = connected_components(sparse.block_array([[None, edges], [edges.T, None]]))
    d_label, a_label = labels[: d_rows.size], labels[d_rows.size :]
    d_order, a_order = np.argsort(d_label, kind="stable"), np.argsort(a_label, kind="stable")
    d_start = np.searchsorted(d_label[d_order], np.arange(n + 1))
    a_start = np.searchsorted(a_label[a_order], np.arange(n + 1))
    # Components are independent, so several solve together as one block-diagonal problem; but
    # LAPJVsp slows down more than linearly with size, so batch them by about BATCH_COLUMNS A
    # columns (a larger component goes alone). Each component holds an unpaired row, so more D
    # rows than A columns: every A column is paired (a full matching of the smaller side).
    steps = np.arange(BATCH_COLUMNS, a_start[-1], BATCH_COLUMNS)
    bounds = np.unique(np.r_[0, np.searchsorted(a_start, steps), n])
    for first, last in zip(bounds[:-1], bounds[1:], strict=True):
        d_batch = d_order[d_start[first] : d_start[last]]
        a_batch = a_order[a_start[first] : a_start[last]]
        if a_batch.size:
            _, picked = min_weight_full_bipartite_matching(edges[d_batch][:, a_batch].T.tocsr())
            chosen[d_rows[d_batch[picked]]] = True
    return chosen
