"""Input and output at the edges: files and trees, JSON Lines, reports, diffs, the console and batches.

Nothing here decides a line's role or a character: these modules read inputs, run the pure pipeline
and write what it returns.
"""
