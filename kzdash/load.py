"""The dataset loader's public names, where the rest of kzdash has always
imported them from; the loader itself is the :mod:`kzdash.dataset` package."""

from kzdash.dataset.errors import DatasetError, Limits, Problem
from kzdash.dataset.load import DATA_DIR, dataset_stamp, load_checked, load_dataset

__all__ = ["DATA_DIR", "DatasetError", "Limits", "Problem", "dataset_stamp", "load_checked",
           "load_dataset"]
