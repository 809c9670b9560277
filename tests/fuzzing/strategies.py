"""Careless inputs for the fuzz harness: arrays, label images and parameter values.

Arrays come from :mod:`hypothesis.extra.numpy` (dtypes, shapes, arrays whose elements reach NaN,
inf and the extremes of their dtype) and from seeded noise (textures), because a real image is
not mostly one value: a textured image gets past the checks of "no contrast" and reaches the
algorithm, with a NaN or an inf sprinkled in. Half the images are canonical (float32 in [0, 1],
2-D or RGB) so that calls get past validation; the rest are anything: empty, 0-D, 1-D, long and
thin, channels first, 4 and 5 channels; bool to complex and object, in either byte order;
constant, negative, huge.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

CANONICAL_SHAPES = [(1, 1), (1, 40), (40, 1), (2, 600), (8, 8), (48, 48), (37, 61), (40, 40, 3)]
ODD_SHAPES = [
    (1, 1),
    (1, 9),
    (9, 1),
    (1, 900),
    (900, 1),
    (2, 700),
    (5, 5),
    (33, 47),
    (64, 64),
    (16, 16, 1),
    (24, 24, 3),
    (16, 16, 4),
    (16, 16, 5),
    (3, 16, 16),
    (10,),
    (),
    (0, 5),
]
SHAPES = st.one_of(
    st.sampled_from(ODD_SHAPES), hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=40)
)
DTYPES = st.one_of(
    hnp.floating_dtypes(sizes=(16, 32, 64)),
    hnp.unsigned_integer_dtypes(sizes=(8, 16)),
    hnp.integer_dtypes(sizes=(32, 64)),
    hnp.boolean_dtypes(),
    hnp.complex_number_dtypes(sizes=64),
    st.just(np.dtype(object)),
)
FILLS = ("unit", "constant", "zeros", "negative", "huge")  # how a texture's values are made
PLAIN_FILLS = FILLS[:3]  # the fills of a canonical image, whose values stay in [0, 1]
SPECIALS = (np.nan, np.inf, -np.inf)  # values sprinkled into a texture
LABEL_DTYPES = [np.dtype(n) for n in ("bool", "uint8", "uint16", "int32", "int64", "float64")]
# Integer labels from -2 (careless) to 10^9 (object ids from a database), within the dtype's
# range: a function that sizes an array by the largest label fails the memory ceiling.
LOWEST_LABEL, HIGHEST_LABEL = -2, 10**9
# mask65535: a binary mask as 16-bit tools save it; ids: a few object ids up to 10^9 in int64.
LABEL_KINDS = ("bool", "labels", "zeros_ones", "mask255", "mask65535", "ids", "float", "negative")


def _elements(dtype: np.dtype) -> st.SearchStrategy | None:
    """Elements for ``hnp.arrays``: the dtype's whole range, or a mix of objects."""
    if dtype.kind == "O":
        return st.one_of(st.floats(0, 1), st.none(), st.text(max_size=2))
    return None  # hnp.from_dtype: NaN, inf, subnormals and the extremes included


def _label_elements(dtype: np.dtype) -> st.SearchStrategy | None:
    """Elements for a label image: any bool or float, integers from LOWEST to HIGHEST_LABEL."""
    if dtype.kind in "bf":
        return None
    limits = np.iinfo(dtype)
    return st.integers(max(limits.min, LOWEST_LABEL), min(limits.max, HIGHEST_LABEL))


def _cast(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """``values`` (floats, mostly in [0, 1]) as ``dtype``, the careless way a user might."""
    if dtype.kind == "b":
        return np.asarray(values > 0.5)
    if dtype.kind in "iu":
        top = 65535 if dtype.itemsize == 2 else 255
        scaled = np.nan_to_num(values * top, nan=0, posinf=top, neginf=-top)
        with np.errstate(invalid="ignore", over="ignore"):  # a careless cast is the point
            return np.asarray(np.clip(scaled, -(2**31), 2**31 - 1)).astype(dtype)
    with np.errstate(invalid="ignore", over="ignore"):
        return np.asarray(values).astype(dtype)


@st.composite
def textures(
    draw, shape: tuple, dtype: np.dtype, *, fills: tuple = FILLS, specials: bool = True
) -> np.ndarray:
    """Seeded noise of ``shape`` and ``dtype``, made one of ``fills`` ways.

    With ``specials``, up to two NaN or inf are sprinkled in (before the cast: an integer dtype
    gets its extremes or zero instead).
    """
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    fill = draw(st.sampled_from(fills))
    noise = np.asarray(rng.random(shape))  # an array even for shape ()
    values = {
        "unit": noise,
        "constant": np.full(shape, 0.5),
        "zeros": np.zeros(shape),
        "negative": noise - 0.7,
        "huge": noise * 1e6,
    }[fill]
    values = np.array(values)  # arithmetic on a 0-D array gives a scalar: make it an array again
    if specials and values.size:
        sprinkled = draw(st.lists(st.sampled_from(SPECIALS), max_size=2))
        values.flat[rng.integers(values.size, size=len(sprinkled))] = sprinkled
    return _cast(values, dtype)


@st.composite
def careless_arrays(draw) -> np.ndarray:
    """Any shape, any dtype: hypothesis's arrays (mostly one value) or a texture."""
    shape, dtype = draw(SHAPES), draw(DTYPES)
    if draw(st.booleans()):
        return draw(textures(shape, dtype))
    return draw(hnp.arrays(dtype, shape, elements=_elements(dtype)))


@st.composite
def canonical_images(draw, *, channels: bool = True) -> np.ndarray:
    """A float32 image in [0, 1], 2-D (or RGB with ``channels``): noise, flat or speckled."""
    shapes = CANONICAL_SHAPES if channels else [s for s in CANONICAL_SHAPES if len(s) == 2]
    shape = draw(st.sampled_from(shapes))
    if draw(st.booleans()):
        return draw(textures(shape, np.dtype(np.float32), fills=PLAIN_FILLS, specials=False))
    return draw(hnp.arrays(np.float32, shape, elements=st.floats(0, 1, width=32)))


@st.composite
def images(draw, *, canonical_share: float = 0.5, channels: bool = True) -> np.ndarray:
    """A canonical image ``canonical_share`` of the time (to get past validation), else anything."""
    if draw(st.floats(0, 1)) < canonical_share:
        return draw(canonical_images(channels=channels))
    return draw(careless_arrays())


@st.composite
def labels_for(draw, image: np.ndarray) -> np.ndarray:
    """A mask or label image, usually of the image's height and width, sometimes not."""
    if image.ndim >= 2 and draw(st.booleans()):
        shape = image.shape[:2]
    else:
        shape = draw(SHAPES)
    if draw(st.booleans()):  # mostly one label, with a few others
        dtype = draw(st.sampled_from(LABEL_DTYPES))
        return draw(hnp.arrays(dtype, shape, elements=_label_elements(dtype)))
    kind = draw(st.sampled_from(LABEL_KINDS))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    values = rng.integers(0, 4, shape)
    return {
        "bool": values > 1,
        "labels": values.astype(np.int32),
        "zeros_ones": (values > 1).astype(np.uint8),
        "mask255": ((values > 1) * 255).astype(np.uint8),
        "mask65535": ((values > 1) * 65535).astype(np.uint16),
        "ids": rng.choice(np.array([0, 7, 65_536, 10**9], np.int64), shape),
        "float": rng.random(shape),
        "negative": values - 2,
    }[kind]


def value_for(draw, control) -> object:
    """A value for a method's parameter: its default, one inside the range, or a careless one.

    Careless: outside the range, NaN, a string, None, a bool, a float for an int, or for a choice
    a name that is not one.
    """
    choice = draw(st.sampled_from(["default", "inside", "careless"]))
    if choice == "default":
        return control.default
    if control.kind == "choice":
        return draw(st.sampled_from([*control.choices, "bogus", None]))
    if control.kind == "bool":
        return draw(st.sampled_from([True, False, "yes", 1]))
    low, high = control.range.low, control.range.high
    if choice == "inside":
        value = draw(st.floats(low, high))
        return int(round(value)) if control.kind == "int" else value
    return draw(st.sampled_from([low - 1, high + 1, float("nan"), "3", None, True, 1.5, -1e9]))
