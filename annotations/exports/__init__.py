"""Streaming verdict exports: six formats, read in chunks from the database, never built in memory.

``formats`` holds the queries and one writer per format; ``views`` holds the API endpoint.
"""
