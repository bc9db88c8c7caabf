"""Signals of the run report that Scrapy does not have."""

# A request ended without a response (download error, or refused by a downloader
# middleware: robots.txt, offsite, network guard...). Arguments: request, exception.
download_failed = object()

# A page the spider chose not to ask for, decided before any request existed (already
# stored, older than since=, the max_articles budget spent, excluded by the profile).
# Arguments: url, reason.
request_skipped = object()
