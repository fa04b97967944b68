"""Decoding: raw bytes to text in any supported encoding, and undoing text read in the wrong one.

``decode`` picks the reading (BOMs, UTF-8, the legacy Chinese codecs judged by ``plausibility``);
``mojibake`` repairs text that was once decoded with the wrong codec.
"""
