"""What ``segutils.datasets`` offers: its submodules and the names re-exported from them.

Read by type checkers and, at run time, by ``lazy_loader.attach_stub`` (loading on first use).
"""

from . import (
    cli,
    downloads,
    generated,
    real,
    records,
    samples,
    sources,
)
from .downloads import (
    dataset_files,
    fetch_url,
)
from .generated import (
    synthetic,
    synthetic_membranes,
)
from .real import (
    CAMVID_CLASSES,
    CAMVID_VOID,
    load_bsds500,
    load_camvid,
    load_camvid_scenes,
    load_dsb2018,
    load_isbi2012,
)
from .records import (
    BSDSSample,
    MembraneSlices,
    NucleiSample,
    StreetScene,
    SyntheticSample,
)
from .samples import (
    SAMPLES,
    load_image,
    sample,
)
from .sources import (
    DATASETS,
)

__all__ = [
    "BSDSSample",
    "CAMVID_CLASSES",
    "CAMVID_VOID",
    "DATASETS",
    "MembraneSlices",
    "NucleiSample",
    "SAMPLES",
    "StreetScene",
    "SyntheticSample",
    "cli",
    "dataset_files",
    "downloads",
    "fetch_url",
    "generated",
    "load_bsds500",
    "load_camvid",
    "load_camvid_scenes",
    "load_dsb2018",
    "load_image",
    "load_isbi2012",
    "real",
    "records",
    "sample",
    "samples",
    "sources",
    "synthetic",
    "synthetic_membranes",
]
