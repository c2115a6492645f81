"""The load stage: find the content files, parse YAML with the line of every value (in parallel
where it pays), and the JSON Schemas the records are checked against.
"""
