"""The run report: what each source (outlet, site or channel) gave in one crawl.

Counted from Scrapy signals (``collector``), kept as plain counters (``counts``, ``quality``),
written as JSON beside the output (``model``), printed as a table (``table``) and compared
with the same source's earlier runs (``history``, ``degradation``) by the extension in
``extension``. ``middleware`` reports download failures, which Scrapy has no signal for.
"""
