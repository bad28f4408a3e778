"""Helpers shared by the tests, the screenshot script and benchmarks: a live app server and a browser."""
