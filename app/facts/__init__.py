"""Facts about a photo's where, who and when, as pure logic (no database, no I/O beyond package data).

Nothing here guesses: places come from the file's location fields, a user-set context or an
offline GeoNames lookup of the GPS fix; people only from names stored in the file (face regions,
person tags) or typed by the user; never from the pixels. The tables these facts are stored in
live in ``app.store.grounding``; resolving a photo's facts against the database is
``app.library.grounding``.
"""
