"""Dates, times and numbers as people in Finland write them (FORMAT_MODULE_PATH).

Finnish and Finland-Swedish write 12.1.2027 and 22.08; English follows British usage: 12 January 2027,
12 Jan 2027 in tables, and a 24-hour clock. Nothing a person reads is in ISO or US order. What is not
set here falls back to Django's formats for the language.
"""
