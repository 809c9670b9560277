"""The trained models shipped with the package, each checked against its recorded SHA-256.

Each was made by the project's one recipe (:func:`~segutils.unet.train_recipe`) with a command
that ``segutils/unet/weights/README.md`` gives, beside its training time and held-out figures;
the ``.json`` record next to each file holds the same. :func:`load_reference` loads one by
name after checking its hash, so that a damaged or replaced file is refused, not used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .framework import keras
from .modelfile import describe_contents
from .predict import load_model

__all__ = ["REFERENCES", "Reference", "load_reference"]

WEIGHTS = Path(__file__).with_name("weights")


@dataclass(frozen=True)
class Reference:
    """A packaged model: its file, the file's SHA-256, what its output is and how to predict.

    ``predict_options`` are the keyword arguments its predictions were measured with (for an
    instance model, those of :func:`~segutils.unet.predict_instances`), so that a user's
    objects come out as the recorded held-out scores did.
    """

    file: Path
    sha256: str
    output: str
    predict_options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def record(self) -> Path:
        """The JSON record of its training (command, time, held-out figures)."""
        return self.file.with_suffix(".json")


#: The packaged models by name.
REFERENCES: dict[str, Reference] = {
    "isbi2012-membranes": Reference(
        WEIGHTS / "isbi2012_membranes.keras",
        "2c118f8730fe17e753d279be243954e5920c924ce705655906e362cbb08ec013",
        "one sigmoid channel, membrane probability: predict with unet.predict_probability",
    ),
    "dsb2018-nuclei": Reference(
        WEIGHTS / "dsb2018_nuclei.keras",
        "e542dc86ccd86056ad5d4e19a3f40073b27f3ddd38d17baecd2915fb259bd6e1",
        "three softmax channels (background, interior, border of each nucleus): objects with "
        "unet.predict_instances(model, image, **REFERENCES['dsb2018-nuclei'].predict_options)",
        # Read-only: shared by every caller. The interior threshold was chosen on the training
        # images with the eight-view averaging on, as it is used.
        MappingProxyType({"min_size": 8, "interior": 0.9, "test_time_augmentation": True}),
    ),
}


def load_reference(name: str = "isbi2012-membranes") -> keras.Model:
    """A packaged reference U-Net by name, checked against its recorded SHA-256.

    Parameters
    ----------
    name : str, optional
        A key of :data:`REFERENCES`: ``"isbi2012-membranes"`` (the default, membrane
        probability on ISBI 2012 electron microscopy) or ``"dsb2018-nuclei"`` (fluorescence
        nuclei as objects: background, interior and border classes).

    Returns
    -------
    keras.Model
        The trained network (its output: ``REFERENCES[name].output``).

    Raises
    ------
    KeyError
        If ``name`` is not a packaged model; the message lists those that are.
    FileNotFoundError
        If the file is missing from the installation.
    OSError
        If the file's hash differs from the recorded one (damaged or replaced).

    Examples
    --------
    >>> sorted(REFERENCES)
    ['dsb2018-nuclei', 'isbi2012-membranes']
    >>> model = load_reference("isbi2012-membranes")  # doctest: +SKIP
    >>> model.output_shape  # doctest: +SKIP
    (None, None, None, 1)
    >>> nuclei = load_reference("dsb2018-nuclei")  # doctest: +SKIP
    >>> from segutils.unet import predict_instances
    >>> options = REFERENCES["dsb2018-nuclei"].predict_options
    >>> labels = predict_instances(nuclei, image, **options)  # doctest: +SKIP

    References
    ----------
    Arganda-Carreras et al., "Crowdsourcing the creation of image segmentation algorithms for
    connectomics", Frontiers in Neuroanatomy 2015 (the ISBI 2012 challenge); Caicedo et al.,
    "Nucleus segmentation across imaging experiments: the 2018 Data Science Bowl", Nature
    Methods 16, 2019.
    """
    if name not in REFERENCES:
        raise KeyError(
            f"No packaged model is called {name!r}; the packaged models are "
            f"{', '.join(map(repr, sorted(REFERENCES)))}."
        )
    reference = REFERENCES[name]
    if not reference.file.is_file():
        raise FileNotFoundError(
            f"The reference model {reference.file} is missing; reinstall segutils from the "
            "repository (the file is part of the package)."
        )
    digest = hashlib.sha256(reference.file.read_bytes()).hexdigest()
    if digest != reference.sha256:
        raise OSError(
            f"{reference.file} has SHA-256 {digest}, not the recorded {reference.sha256}: the "
            f"file is damaged or was replaced (it looks like "
            f"{describe_contents(reference.file)}). Restore it with "
            "`git checkout -- segutils/unet/weights`."
        )
    return load_model(reference.file)
