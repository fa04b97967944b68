"""The documented entry point of the Dask recipe (``python -m govclean.scale``); it lives in
:mod:`govclean.io.scale`."""

from govclean.io.scale import clean_shard, clean_shards, main, plan_shards

__all__ = ["clean_shard", "clean_shards", "main", "plan_shards"]

if __name__ == "__main__":
    main()
