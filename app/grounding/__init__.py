"""Grounding: what the photo's own metadata says about where, who and when (issue 13).

Nothing here guesses: places come from the file's location fields, a user-set context or an
offline GeoNames lookup of the GPS fix; people only from names stored in the file (face regions,
person tags) or typed by the user; never from the pixels.
"""
