"""Reading and validating a dataset directory, one job per module:

- :mod:`.errors`: what a problem is (:class:`Problem`, :class:`DatasetError`)
  and what reading may cost (:class:`Limits`);
- :mod:`.yamlfile`: a YAML file read with the line of every node;
- :mod:`.parquetfile`: a Parquet file read with the row of every item;
- :mod:`.messages`: pydantic's errors as problems that help;
- :mod:`.checks`: what spans files (references, archives) and the warnings;
- :mod:`.load`: the whole directory (:func:`load_dataset`, :func:`load_checked`).
"""
