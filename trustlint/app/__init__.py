"""The modes a user runs (check, baseline, recipients), the exit policy, and the machinery
under them: runner, engine, process pool, result cache, streaming, Dask."""
