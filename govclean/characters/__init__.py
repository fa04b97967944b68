"""Characters: text normalization, pinyin annotations, the script verdict and stray-character repair.

``normalize`` folds widths and spaces and splits lines; ``pinyin`` removes mirror sites' readings;
``script`` decides a document's script; ``repair`` mends stray traditional or variant characters
with the tables of ``tables``.
"""
